import http from 'node:http';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { createLogger, GatewayAssertion, gatewayAssertionHeader, loadConfig, Tracing } from '@tessera/kit';
import { Histogram, Registry } from 'prom-client';
import { Agent } from 'undici';
import type { GatewayContext } from './context';
import { SubgraphDataSource } from './subgraph-data-source';
import { listenOnLoopback } from './testing/loopback-server';

interface Seen {
  authorization?: string;
  language?: string;
  assertion?: string;
  body: string;
}

/** A stand-in subgraph that answers every fetch after `delayMs` and records what it was sent. */
async function slowSubgraph(delayMs: number) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        authorization: req.headers.authorization,
        language: req.headers['accept-language'],
        assertion: req.headers[gatewayAssertionHeader] as string | undefined,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { banks: [{ code: 'ICBC', fetch: seen.length }] } }));
      }, delayMs);
    });
  });
  return { ...(await listenOnLoopback(server)), seen };
}

const log = createLogger({ service: 'gateway', level: 'silent' });
let requests = 0;

/** A client request's context as the gateway makes it. */
function caller(fields: Partial<GatewayContext> = {}): GatewayContext {
  requests += 1;
  return {
    requestId: `request-${requests}`,
    locale: 'zh-CN',
    log,
    sqlStatements: { total: 0 },
    viewer: { kind: 'anonymous' },
    clientAddress: '203.0.113.7',
    ...fields,
  } as GatewayContext;
}

function fetchOf(context: GatewayContext, query = 'query Banks__identity__0 { banks { code } }') {
  return {
    kind: 'incoming operation',
    request: { query, variables: {}, http: { method: 'POST', url: '', headers: new Headers() } },
    context,
    incomingRequestContext: {},
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
}

describe('identical subgraph fetches in flight (issue 16 goal 1)', () => {
  let subgraph: Awaited<ReturnType<typeof slowSubgraph>>;
  let dispatcher: Agent;
  let source: SubgraphDataSource;
  const assertion = new GatewayAssertion('a secret long enough for the tests of the gateway');

  beforeEach(async () => {
    subgraph = await slowSubgraph(150);
    dispatcher = new Agent();
    const registry = new Registry();
    source = new SubgraphDataSource(
      'identity',
      subgraph.url,
      {
        latency: new Histogram({
          name: 'latency',
          help: 'latency',
          labelNames: ['subgraph', 'outcome'],
          registers: [registry],
        }),
        assertion,
        tracing: Tracing.start('gateway', loadConfig({ NODE_ENV: 'test' })),
      },
      { dispatcher, timeoutMs: 5_000 },
    );
  });

  afterEach(async () => {
    await dispatcher.close();
    await subgraph.close();
  });

  it("are made once for one caller's identical queries, and each request gets its own copy of the answer", async () => {
    const token = 'Bearer token-of-citizen-a';
    const answers = await Promise.all([1, 2, 3].map(() => source.process(fetchOf(caller({ authorization: token })))));
    expect(subgraph.seen).toHaveLength(1);
    expect(subgraph.seen[0]?.authorization).toBe(token);
    expect(answers.map((a) => a.data)).toEqual([1, 2, 3].map(() => ({ banks: [{ code: 'ICBC', fetch: 1 }] })));
    expect(new Set(answers.map((a) => a.data)).size).toBe(3);
  });

  it('never merge different callers: another token, another client address, another language', async () => {
    const contexts = [
      caller({ authorization: 'Bearer token-of-citizen-a' }),
      caller({ authorization: 'Bearer token-of-citizen-b' }),
      caller(),
      caller({ clientAddress: '198.51.100.9' }),
      caller({ locale: 'en' }),
    ];
    await Promise.all(contexts.map((context) => source.process(fetchOf(context))));
    expect(subgraph.seen).toHaveLength(5);
    expect(subgraph.seen.map((s) => s.authorization).sort()).toEqual(
      ['Bearer token-of-citizen-a', 'Bearer token-of-citizen-b', undefined, undefined, undefined].sort(),
    );
    expect(subgraph.seen.map((s) => s.language).sort()).toEqual(['en', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
    // Each fetch carries the assertion of its own request: its id and its caller's address.
    const asserted = await Promise.all(
      subgraph.seen.map(async (s) => (await assertion.verify(s.assertion ?? '', requestIdOf(s))).clientAddress),
    );
    expect(asserted.sort()).toEqual(['198.51.100.9', '203.0.113.7', '203.0.113.7', '203.0.113.7', '203.0.113.7']);
  });

  it('never merge mutations, nor different operations or variables, and keep nothing once answered', async () => {
    const context = () => caller({ authorization: 'Bearer token-of-citizen-a' });
    await Promise.all([
      source.process(fetchOf(context(), 'mutation Change__identity__0 { change }')),
      source.process(fetchOf(context(), 'mutation Change__identity__0 { change }')),
      source.process(fetchOf(context(), 'query Banks__identity__0 { banks { name } }')),
      source.process(fetchOf(context())),
    ]);
    expect(subgraph.seen).toHaveLength(4);
    await source.process(fetchOf(context()));
    expect(subgraph.seen).toHaveLength(5);
  });
});

/** The request id a fetch's assertion names (its signature is verified against it). */
function requestIdOf(seen: Seen): string {
  const claims = JSON.parse(Buffer.from((seen.assertion ?? '').split('.')[1] ?? '', 'base64url').toString('utf8'));
  return String(claims.rid);
}
