import { createHash } from 'node:crypto';
import { type RunningGateway, startGateway } from '@tessera/gateway';
import { createLogger, loadConfig } from '@tessera/kit';
import { auditServer } from 'graphql-http';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import { ok } from '../harness/graph-checks';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

let platform: TestPlatform;
let base: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  base = new URL(platform.gateway.url).origin;
});

afterAll(() => platform?.stop());

/** The value of the first Prometheus sample of `name` whose labels include `labels` (label order is free). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

/** A second gateway over the same subgraphs, configured differently. */
async function gatewayWith(env: Record<string, string>): Promise<RunningGateway> {
  return startGateway({
    config: loadConfig({
      NODE_ENV: 'test',
      AUTH_JWKS_URL: new URL('/.well-known/jwks.json', platform.identity.url).toString(),
      ...env,
    }),
    port: 0,
    subgraphUrls: { identity: platform.identity.url, certificate: platform.certificate.url, ra: platform.ra.url },
    log: createLogger({ service: 'gateway-2', level: 'silent' }),
  });
}

describe('probes', () => {
  it.each(['gateway', 'identity', 'certificate', 'ra'] as const)('%s answers /health and /ready', async (name) => {
    const origin = name === 'gateway' ? base : new URL(platform[name].url).origin;
    const health = await fetch(`${origin}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${origin}/ready`);
    expect(ready.status).toBe(200);
  });

  it.each(['gateway', 'identity', 'certificate', 'ra'] as const)(
    '%s serves /metrics on its management port, not on the public one (issue 13 item 5)',
    async (name) => {
      const origin = name === 'gateway' ? base : new URL(platform[name].url).origin;
      expect((await fetch(`${origin}/metrics`)).status).toBe(404);
      const scrape = await fetch(platform[name].metricsUrl);
      expect(scrape.status).toBe(200);
      expect(new URL(platform[name].metricsUrl).port).not.toBe(new URL(origin).port);
      expect(await scrape.text()).toMatch(/process_cpu_user_seconds_total/);
    },
  );

  it('exposes Prometheus metrics per operation on the gateway and per subgraph fetch', async () => {
    const token = await platform.token({ subject: 'staff-1', kind: 'staff', roles: ['ADMINISTRATOR'] });
    await graphql(
      platform.gateway.url,
      'query MetricsProbe { user(id: "6f1c9a5e-2b1d-4c8e-9a51-000000000001") { id } }',
      {
        token,
      },
    );
    const gateway = await (await fetch(platform.gateway.metricsUrl)).text();
    expect(
      sample(gateway, 'tessera_graphql_requests_total', {
        service: 'gateway',
        operation: 'MetricsProbe',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      sample(gateway, 'tessera_gateway_subgraph_request_duration_seconds_count', {
        subgraph: 'identity',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    const identity = await (await fetch(platform.identity.metricsUrl)).text();
    expect(
      sample(identity, 'tessera_graphql_request_duration_seconds_count', {
        service: 'identity',
        operation: 'MetricsProbe__identity__0',
      }),
    ).toBe(1);
  });

  it('stays ready while a subgraph is down, says which, and serves the queries that do not touch it', async () => {
    const other = await startGateway({
      config: loadConfig({ NODE_ENV: 'test', RA_URL: 'http://127.0.0.1:9/graphql' }),
      port: 0,
      subgraphUrls: {
        identity: platform.identity.url,
        certificate: platform.certificate.url,
        ra: 'http://127.0.0.1:9/graphql',
      },
      log: createLogger({ service: 'gateway-3', level: 'silent' }),
    });
    try {
      const ready = await fetch(`${new URL(other.url).origin}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        dependencies: { identity: 'ready', certificate: 'ready', ra: 'unavailable' },
      });
      const banks = await graphql<{ banks: { code: string }[] }>(other.url, 'query Banks { banks { code } }');
      expect(banks.body.errors).toBeUndefined();
      expect(banks.body.data?.banks.length).toBeGreaterThan(0);
      const workflow = await graphql(other.url, 'query Workflow { applicationWorkflow { from } }');
      expect(workflow.body.errors?.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});

describe('request ids', () => {
  it('creates a request id, returns it, and every subgraph logs it', async () => {
    const token = await platform.token({ subject: 'staff-1', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const { user } = await seedCitizenWithCertificate(platform, 'traced');
    const response = await graphql(
      platform.gateway.url,
      'query TraceMe($id: UUID!) { user(id: $id) { id certificates { id } applications { id } } }',
      { token, variables: { id: user.id }, headers: { 'x-request-id': 'bad id with spaces' } },
    );
    expect(response.body.errors).toBeUndefined();
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 100));
    const logged = platform.logs.lines.filter((l) => l.entry.requestId === requestId).map((l) => l.service);
    expect(new Set(logged)).toEqual(new Set(['gateway', 'identity', 'certificate', 'ra']));
  });

  it("adopts a well-formed caller's request id", async () => {
    const response = await graphql(platform.gateway.url, '{ __typename }', {
      headers: { 'x-request-id': 'client-req-0001' },
    });
    expect(response.headers.get('x-request-id')).toBe('client-req-0001');
  });
});

describe('errors', () => {
  it('localizes errors by Accept-Language and never sends a stack trace', async () => {
    const zh = await graphql(platform.gateway.url, '{ nope }');
    expect(zh.status).toBe(400);
    expect(zh.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^查询语句不符合接口定义: /),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const en = await graphql(platform.gateway.url, '{ nope }', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(en.body.errors?.[0]?.message).toMatch(/^The GraphQL document does not match the schema: /);
    expect(JSON.stringify([zh.body, en.body])).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });

  it('answers a body that is not JSON with a typed error, not an HTML page', async () => {
    const response = await fetch(platform.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'The request is malformed', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('answers an operation name the document does not define with a typed error, not a masked one', async () => {
    const response = await fetch(platform.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ query: 'query Banks { banks { code } }', operationName: 'Elsewhere' }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toEqual({
      code: 'OPERATION_RESOLUTION_FAILURE',
      detail: 'Unknown operation named "Elsewhere".',
    });
  });

  it('answers an unknown path with a typed 404', async () => {
    const response = await fetch(`${base}/nowhere`, { headers: { 'accept-language': 'en' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });

  it('refuses a malformed id at the edge as a client error, never a database error (issue 11, item 6)', async () => {
    const token = await platform.token({ subject: 'staff-1', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const literal = await graphql(platform.gateway.url, '{ user(id: "x\'; drop table") { id } }', { token });
    expect(literal.body.data).toEqual({ user: null });
    expect(literal.body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const variable = await graphql(platform.gateway.url, 'query($id: UUID!) { user(id: $id) { id } }', {
      token,
      variables: { id: "x'; drop table" },
    });
    expect(variable.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify([literal.body, variable.body])).not.toMatch(/select|uuid\b.*syntax/i);
  });
});

describe('protection', () => {
  it('blocks simple GET requests that could be cross-site (CSRF prevention)', async () => {
    const url = `${platform.gateway.url}?query=${encodeURIComponent('{ __typename }')}`;
    expect((await fetch(url)).status).toBe(400);
    const preflighted = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a query deeper than the limit with a typed 400', async () => {
    const deep = `{ me { ${'certificates { application { applicant { '.repeat(4)}id${' } } }'.repeat(4)} } }`;
    const response = await graphql(platform.gateway.url, deep);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toEqual({
      code: 'OPERATION_LIMIT_EXCEEDED',
      limit: 'depth',
      max: 12,
    });
    expect(response.body.data ?? null).toBeNull();
  });

  it('refuses too many aliases with a typed 400', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ');
    const response = await graphql(platform.gateway.url, `{ ${aliases} }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toEqual({
      code: 'OPERATION_LIMIT_EXCEEDED',
      limit: 'aliases',
      max: 20,
    });
  });

  it('refuses a document with more tokens than configured', async () => {
    const strict = await gatewayWith({ GRAPHQL_MAX_TOKENS: '40' });
    try {
      const fields = Array.from({ length: 50 }, () => '__typename').join(' ');
      const response = await graphql(strict.url, `{ ${fields} }`, { headers: { 'accept-language': 'en' } });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]).toEqual({
        message: 'The GraphQL document exceeds a limit (tokens, at most 40)',
        extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'tokens', max: 40 },
      });
      expect(response.body.data ?? null).toBeNull();
    } finally {
      await strict.close();
    }
  });

  it('reads bodies up to GRAPHQL_MAX_BODY_BYTES and refuses a larger one with a typed 413 (RA-10 uploads)', async () => {
    const small = await gatewayWith({ GRAPHQL_MAX_BODY_BYTES: '4096' });
    try {
      const query = '{ __typename }';
      expect(ok(await graphql(small.url, query, { variables: { pad: 'x'.repeat(3000) } }))).toEqual({
        __typename: 'Query',
      });
      const large = await graphql(small.url, query, { variables: { pad: 'x'.repeat(5000) } });
      expect(large.status).toBe(413);
      expect(large.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    } finally {
      await small.close();
    }
  });

  it('turns introspection off in production', async () => {
    const production = await gatewayWith({
      NODE_ENV: 'production',
      GATEWAY_ASSERTION_SECRET: 'a-secret-the-subgraphs-do-not-share-0001',
    });
    try {
      const response = await graphql(production.url, '{ __schema { queryType { name } } }');
      expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.body.errors?.[0]?.message).toMatch(/introspection/i);
      const allowed = await graphql(platform.gateway.url, '{ __schema { queryType { name } } }');
      expect(allowed.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await production.close();
    }
  });
});

describe('GraphQL over HTTP', () => {
  const endpoints = () => [
    ['the gateway', platform.gateway.url],
    ['a subgraph reached directly', platform.identity.url],
  ];

  it.each(['the gateway', 'a subgraph reached directly'])(
    '%s passes the graphql-http audit with no errors',
    async (name) => {
      const url = endpoints().find(([n]) => n === name)?.[1] as string;
      const results = await auditServer({ url, fetchFn: fetch });
      const errors = results
        .filter((r) => r.status === 'error')
        .map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
      expect(errors).toEqual([]);
      expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(40);
    },
  );

  /** Malformed requests, the code each gets, and the status (400 unless said). */
  const malformed: { name: string; body: string; code: string; status?: number }[] = [
    { name: 'a syntax error', body: JSON.stringify({ query: '{ me { ' }), code: 'GRAPHQL_PARSE_FAILED' },
    { name: 'an unclosed string', body: JSON.stringify({ query: '{ banks(x: "' }), code: 'GRAPHQL_PARSE_FAILED' },
    {
      name: 'more tokens than the limit',
      body: JSON.stringify({ query: `{ ${'__typename '.repeat(2100)}}` }),
      code: 'OPERATION_LIMIT_EXCEEDED',
    },
    {
      name: 'an unknown operationName',
      body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }),
      code: 'OPERATION_RESOLUTION_FAILURE',
    },
    {
      name: 'several operations and no operationName',
      body: JSON.stringify({ query: 'query A { __typename } query B { __typename }' }),
      code: 'OPERATION_RESOLUTION_FAILURE',
    },
    {
      name: 'a variable of the wrong type',
      body: JSON.stringify({
        query: 'query A($n: Int!) { __typename @include(if: true) n: __typename }',
        variables: { n: 'x' },
      }),
      code: 'GRAPHQL_VALIDATION_FAILED',
    },
    {
      name: 'a variable of the wrong type that the operation uses',
      body: JSON.stringify({ query: 'query A($b: Boolean!) { __typename @include(if: $b) }', variables: { b: 'x' } }),
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'variables that are not an object',
      body: JSON.stringify({ query: '{ __typename }', variables: '[]' }),
      code: 'BAD_REQUEST',
    },
    { name: 'a query that is not a string', body: JSON.stringify({ query: 42 }), code: 'BAD_REQUEST' },
    { name: 'no query', body: JSON.stringify({}), code: 'BAD_REQUEST' },
    { name: 'a body that is not JSON', body: 'query { __typename }', code: 'BAD_REQUEST' },
    { name: 'truncated JSON', body: '{"query": "{ __typename }"', code: 'BAD_REQUEST' },
    {
      name: 'a JSON array (batching is off)',
      body: JSON.stringify([{ query: '{ __typename }' }]),
      code: 'BAD_REQUEST',
    },
    {
      name: 'a persisted-query hash that is not the hash of the query',
      body: JSON.stringify({
        query: '{ __typename }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
      }),
      code: 'PERSISTED_QUERY_HASH_MISMATCH',
    },
  ];

  describe.each(['application/json', 'application/graphql-response+json'])('accepting %s', (accept) => {
    it.each(['the gateway', 'a subgraph reached directly'])(
      '%s answers malformed requests with typed 4xx errors in that media type, never a 5xx',
      async (name) => {
        const url = endpoints().find(([n]) => n === name)?.[1] as string;
        const answers = [];
        for (const request of malformed) {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept, 'accept-language': 'en' },
            body: request.body,
          });
          const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
          answers.push({
            name: request.name,
            status: response.status,
            type: response.headers.get('content-type')?.split(';')[0],
            code: body.errors?.[0]?.extensions?.code,
          });
        }
        expect(answers).toEqual(
          malformed.map((request) => ({
            name: request.name,
            status: request.status ?? 400,
            type: accept,
            code: request.code,
          })),
        );
      },
    );
  });

  it('answers a matching persisted-query hash as usual', async () => {
    const query = '{ __typename }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const response = await fetch(platform.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('the public addresses of the CA (issue 13: only the gateway is exposed)', () => {
  it('serves the certificate subgraph’s /pki (CA certificates, CRLs, OCSP) on its own origin, byte for byte', async () => {
    for (const file of ['/pki/ca/issuing.crt', '/pki/ca/root.crt']) {
      const [direct, forwarded] = await Promise.all([
        fetch(new URL(file, platform.certificate.url)),
        fetch(new URL(file, base)),
      ]);
      expect(forwarded.status).toBe(200);
      expect(forwarded.headers.get('content-type')).toBe(direct.headers.get('content-type'));
      expect(Buffer.from(await forwarded.arrayBuffer())).toEqual(Buffer.from(await direct.arrayBuffer()));
    }
    expect((await fetch(new URL('/pki/ca/nothing.crt', base))).status).toBe(404);
  });
});
