import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, operationLimits } from '@tessera/kit';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import i18next from 'i18next';
import { savedQueries } from '../../../clients/admin/src/ad-hoc/saved-queries';

/**
 * i18next with no messages: `t` gives the keys back, so the comments are the message keys here (the
 * browser test reads them in both languages); what matters below is the GraphQL.
 */
const i18n = i18next.createInstance();
void i18n.init({ initAsync: false });
const t = i18n.t;

/** The admin client's saved GraphiQL queries (issue 6 item 6) must stay valid as the graph changes. */
describe('saved ad-hoc queries of the admin client', () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '../../../schema/api.graphql'), 'utf8'));
  // The gateway's own depth, alias and cost limits: a saved query the gateway refuses is no example.
  const limits = operationLimits(loadConfig({ NODE_ENV: 'test' })).validationRules;

  it.each(savedQueries(t).map((saved) => [saved.query.match(/query (\w+)/)?.[1], saved] as const))(
    "%s is valid against the public API, within the gateway's limits (issue 17 item 10), and its variables are JSON",
    (_name, saved) => {
      const rules = [...specifiedRules, ...limits];
      expect(validate(schema, parse(saved.query), rules).map((error) => error.message)).toEqual([]);
      expect(() => JSON.parse(saved.variables)).not.toThrow();
    },
  );

  it('RA-5: "suspended for more than N days" filters by when the suspension began; its default cut-off is now (issue 17 item 10)', () => {
    const suspended = savedQueries(t, Date.parse('2026-07-01T00:00:00Z')).find((saved) =>
      saved.query.includes('CertificatesSuspendedForMoreThanNDays'),
    );
    expect(suspended?.query).toContain('suspendedBefore: $suspendedBefore');
    expect(JSON.parse(suspended?.variables ?? '{}')).toEqual({ suspendedBefore: '2026-07-01T00:00:00.000Z' });
  });
});
