import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { savedQueries } from '../../../clients/admin/src/ad-hoc/saved-queries';

/** The admin client's saved GraphiQL queries (issue 6 item 6) must stay valid as the graph changes. */
describe('saved ad-hoc queries of the admin client', () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '../../../schema/api.graphql'), 'utf8'));

  it.each(savedQueries().map((saved) => [saved.query.match(/query (\w+)/)?.[1], saved] as const))(
    '%s is valid against the public API and its variables are JSON',
    (_name, saved) => {
      expect(validate(schema, parse(saved.query)).map((error) => error.message)).toEqual([]);
      expect(() => JSON.parse(saved.variables)).not.toThrow();
    },
  );

  it('RA-5: "suspended for more than N days" filters by when the suspension began', () => {
    const suspended = savedQueries(Date.parse('2026-07-01T00:00:00Z')).find((saved) =>
      saved.query.includes('CertificatesSuspendedForMoreThanNDays'),
    );
    expect(suspended?.query).toContain('suspendedBefore: $suspendedBefore');
    expect(JSON.parse(suspended?.variables ?? '{}')).toEqual({ suspendedBefore: '2026-06-01T00:00:00.000Z' });
  });
});
