import { GraphQLError, locatedError } from 'graphql';
import { Client } from 'pg';
import { createLogger } from '../log/logger';
import { withScope } from '../server/request-scope';
import { createTestDatabase } from '../testing/test-database';
import { DomainError } from './domain-error';
import { createErrorFormatter } from './format-error';

function capture() {
  const lines: string[] = [];
  const log = createLogger({
    service: 'test',
    destination: { write: (line: string) => lines.push(line) } as never,
  });
  return { log, lines };
}

function format(error: GraphQLError, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const { log, lines } = capture();
  const formatter = createErrorFormatter(log, 'zh-CN');
  const formatted = withScope(
    { requestId: 'req-12345678', locale, log: log.child({ requestId: 'req-12345678' }), sqlStatements: 0 },
    () => formatter(error.toJSON(), error),
  );
  return { formatted, lines };
}

describe('error formatting', () => {
  it('renders a domain error in the caller’s language with its stable code', () => {
    expect(format(new DomainError('FORBIDDEN')).formatted).toEqual({
      message: '您无权执行此操作',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(format(new DomainError('FORBIDDEN'), 'en').formatted.message).toBe('You are not allowed to do this');
  });

  it('masks an unknown error: no message, no stack trace, no SQL leaves; the log keeps it', () => {
    const raw = new GraphQLError('select * from "identity"."user" failed: syntax error at or near', {
      path: ['me'],
      extensions: { stacktrace: ['Error: at Object.<anonymous> (/srv/app.js:1:1)'] },
    });
    const { formatted, lines } = format(raw, 'en');
    expect(formatted).toEqual({
      message: 'Something went wrong on our side; please try again later',
      path: ['me'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(formatted)).not.toMatch(/select|stack|app\.js/);
    expect(lines.join('')).toMatch(/req-12345678/);
  });

  it('keeps the technical detail of a query error after the localized message', () => {
    const invalid = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const { formatted } = format(invalid);
    expect(formatted.message).toBe('查询语句不符合接口定义: Cannot query field "nope" on type "Query".');
    expect(formatted.extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      detail: 'Cannot query field "nope" on type "Query".',
    });
  });

  it('is idempotent: an error formatted by a subgraph keeps its message through the gateway', () => {
    const once = format(
      new GraphQLError('Cannot query field "nope" on type "Query".', {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ).formatted;
    const relayed = new GraphQLError(once.message, { extensions: { ...once.extensions, serviceName: 'ra' } });
    expect(format(relayed).formatted.message).toBe(once.message);
  });

  it('drops the rejected values of input validation and internals such as the raw subgraph response', () => {
    const error = new GraphQLError('Argument Validation Error', {
      extensions: {
        code: 'BAD_USER_INPUT',
        validationErrors: [
          {
            property: 'password',
            value: 'hunter2',
            target: { password: 'hunter2' },
            constraints: { minLength: 'too short' },
          },
        ],
        response: { url: 'http://identity:4001/graphql', body: {} },
      },
    });
    const { formatted } = format(error, 'en');
    expect(formatted.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      detail: 'Argument Validation Error',
      issues: [{ property: 'password', constraints: { minLength: 'too short' } }],
    });
    expect(JSON.stringify(formatted)).not.toMatch(/hunter2|identity:4001/);
  });

  it('interpolates the error data into the message', () => {
    const { formatted } = format(new DomainError('NOT_FOUND'), 'en');
    expect(formatted.message).toBe('Not found');
  });
});

describe('a database refusal of bad input that slipped past the edge (issue 11, item 6)', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: await createTestDatabase() });
    await client.connect();
    await client.query('create temporary table note (code varchar(3))');
  });

  afterAll(() => client.end());

  /** The error PostgreSQL answers, as graphql-js hands it to the formatter from a resolver. */
  async function refusal(sql: string, values: unknown[]): Promise<GraphQLError> {
    const error = await client.query(sql, values).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    return locatedError(error, undefined, ['complaint']);
  }

  it.each([
    ['a non-UUID for a uuid (22P02)', 'select $1::uuid', ['not-a-uuid']],
    ['a NUL byte (22021)', 'select $1::text', ['a\u0000b']],
    ['a value too long for its column (22001)', 'insert into note (code) values ($1)', ['abcd']],
    ['a number out of range (22003)', 'select $1::int', ['99999999999']],
    ['a negative LIMIT (2201W)', 'select 1 limit $1', [-1]],
  ])('answers %s as BAD_USER_INPUT, no SQL in the answer', async (_case, sql, values) => {
    const { formatted, lines } = format(await refusal(sql, values), 'en');
    expect(formatted).toEqual({
      message: 'The input is not valid',
      path: ['complaint'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(lines.join('')).toMatch(/input refused by the database/);
  });

  it('still masks a database error that is not about the input', async () => {
    const { formatted } = format(await refusal('select * from no_such_table', []), 'en');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
