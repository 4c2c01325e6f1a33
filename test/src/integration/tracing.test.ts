import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway } from '@tessera/gateway';
import { createLogger, loadConfig, Tracing } from '@tessera/kit';
import { OutboxMessage } from '@tessera/ra';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

/**
 * Issue 13 item 5: OpenTelemetry traces across the gateway and the subgraphs, exported over
 * OTLP/HTTP (JSON) to a small receiver on 127.0.0.1, and nothing at all with tracing off.
 */

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string } }[];
}

interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: Omit<ReceivedSpan, 'service'>[] }[];
  }[];
}

/** An OTLP/HTTP trace receiver: keeps every span posted to `/v1/traces`. */
async function startReceiver() {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      expect(req.url).toBe('/v1/traces');
      expect(req.headers['content-type']).toMatch(/application\/json/);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
      for (const resource of body.resourceSpans) {
        const service = resource.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const scope of resource.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    spans,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('tracing on (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  // Spans of the gateway and the subgraphs, and of the RA's calls to the certificate subgraph.
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let platform: TestPlatform | undefined;

  beforeAll(async () => {
    receiver = await startReceiver();
    platform = await startTestPlatform({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
  });

  afterAll(async () => {
    await platform?.stop();
    await receiver.close();
  });

  it("joins the gateway's and both subgraphs' spans of one request in one trace, each fetch the parent of the subgraph's span, and the RA's calls to the certificate subgraph", async () => {
    const current = platform as TestPlatform;
    const token = await current.token({ subject: 'staff-1', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const { user } = await seedCitizenWithCertificate(current, 'otel');
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const callerSpan = 'b7ad6b7169203331';
    const response = await graphql(
      current.gateway.url,
      'query TracedUser($id: UUID!) { user(id: $id) { id certificates { id } } }',
      { token, variables: { id: user.id }, headers: { traceparent: `00-${traceId}-${callerSpan}-01` } },
    );
    expect(response.body.errors).toBeUndefined();
    // The RA's outbox calls the certificate subgraph on its own (no incoming request): a trace of its own.
    const { certificate, application } = await seedCitizenWithCertificate(current, 'otel-outbox', { issued: true });
    const em = current.ra.orm.em.fork();
    const message = em.create(OutboxMessage, {
      kind: 'revoke_certificate',
      applicationId: application.id,
      idempotencyKey: `otel-${application.id}`,
      payload: { certificateId: certificate.id, reason: 'KEY_COMPROMISE' },
    });
    await em.flush();
    for (let i = 0; i < 100 && !(await current.ra.orm.em.fork().findOne(OutboxMessage, message.id))?.deliveredAt; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await current.stop();
    platform = undefined;

    const trace = receiver.spans.filter((s) => s.traceId === traceId);
    const request = trace.find((s) => s.service === 'gateway' && s.name === 'graphql query TracedUser');
    expect(request).toMatchObject({ parentSpanId: callerSpan, kind: 2 });
    for (const subgraph of ['identity', 'certificate']) {
      const fetch = trace.find((s) => s.service === 'gateway' && s.name === `POST ${subgraph}`);
      expect(fetch).toMatchObject({ parentSpanId: request?.spanId, kind: 3 });
      const served = trace.filter((s) => s.service === subgraph && s.parentSpanId === fetch?.spanId);
      expect(served).toEqual([expect.objectContaining({ kind: 2, name: expect.stringMatching(/^graphql query /) })]);
      const queries = trace.filter((s) => s.service === subgraph && s.parentSpanId === served[0]?.spanId);
      expect(queries).toContainEqual(
        expect.objectContaining({
          kind: 3,
          name: `SELECT ${subgraph}`,
          attributes: expect.arrayContaining([{ key: 'db.system', value: { stringValue: 'postgresql' } }]),
        }),
      );
    }
    expect(trace.some((s) => s.service === 'ra')).toBe(false);

    const outboxCall = receiver.spans.find((s) => s.service === 'ra' && s.name === 'POST certificate');
    expect(outboxCall).toMatchObject({ kind: 3 });
    expect(outboxCall?.parentSpanId ?? '').toBe('');
    const revoked = receiver.spans.filter(
      (s) => s.service === 'certificate' && s.traceId === outboxCall?.traceId && s.parentSpanId === outboxCall?.spanId,
    );
    expect(revoked).toEqual([expect.objectContaining({ kind: 2, name: 'graphql mutation RaRevokeCertificate' })]);
  });
});

describe('tracing off (the default)', () => {
  it('starts no SDK and invents no traceparent for the subgraphs', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const subgraph = http.createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"faq":[]}}'));
    });
    await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
    const subgraphUrl = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
    const config = loadConfig({
      NODE_ENV: 'test',
      SUPERGRAPH_WATCH: 'false',
      AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks',
    });
    expect(config.tracing).toBeUndefined();
    expect(Tracing.start('gateway', config).enabled).toBe(false);
    const gateway = await startGateway({
      config,
      port: 0,
      subgraphUrls: { identity: subgraphUrl, certificate: subgraphUrl, ra: subgraphUrl },
      log: createLogger({ service: 'gateway-untraced', level: 'silent' }),
    });
    try {
      const response = await graphql(gateway.url, '{ faq { question } }');
      expect(response.status).toBe(200);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.traceparent).toBeUndefined();
      const passedOn = await graphql(gateway.url, '{ faq { question } }', {
        headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      });
      expect(passedOn.status).toBe(200);
      expect(seen[1]?.traceparent).toBeUndefined();
    } finally {
      await gateway.close();
      await new Promise<void>((resolve) => subgraph.close(() => resolve()));
    }
  });
});
