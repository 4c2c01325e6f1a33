import http from 'node:http';
import { createLogger, loadConfig } from '@tessera/kit';
import { startGateway } from './gateway-server';
import { listenOnLoopback } from './testing/loopback-server';

/** A stand-in subgraph: answers every request with what it received, after `delayMs`. */
async function certificateStandIn(delayMs = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const timer = setTimeout(() => {
        const seen = JSON.stringify({
          method: req.method,
          url: req.url,
          body: Buffer.concat(chunks).toString('hex'),
          contentType: req.headers['content-type'],
          forwardedFor: req.headers['x-forwarded-for'],
          forwardedProto: req.headers['x-forwarded-proto'],
          forwardedHost: req.headers['x-forwarded-host'],
          authorization: req.headers.authorization,
          connection: req.headers.connection,
        });
        res.writeHead(200, { 'content-type': 'application/ocsp-response', 'cache-control': 'max-age=60', etag: '"e"' });
        res.end(seen);
      }, delayMs);
      res.once('close', () => clearTimeout(timer));
    });
  });
  return listenOnLoopback(server);
}

async function gatewayOver(
  certificateUrl: string,
  env: Record<string, string> = {},
  identityUrl = 'http://127.0.0.1:9/graphql',
) {
  return startGateway({
    config: loadConfig({ NODE_ENV: 'test', SUPERGRAPH_WATCH: 'false', ...env }),
    port: 0,
    subgraphUrls: {
      identity: identityUrl,
      certificate: certificateUrl,
      ra: 'http://127.0.0.1:9/graphql',
    },
    log: createLogger({ service: 'gateway', level: 'silent' }),
  });
}

describe("OCSP through the gateway's origin (issue 13, issue 16 goal 4)", () => {
  it('forwards POST bodies and GET paths to the certificate subgraph and its answers back as they are', async () => {
    const certificate = await certificateStandIn();
    const gateway = await gatewayOver(certificate.url);
    const origin = new URL(gateway.url).origin;
    try {
      const posted = await fetch(`${origin}/pki/ocsp`, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request', connection: 'close' },
        body: Buffer.from([0x30, 0x00, 0xff]),
      });
      expect(posted.status).toBe(200);
      expect(posted.headers.get('content-type')).toBe('application/ocsp-response');
      expect(posted.headers.get('cache-control')).toBe('max-age=60');
      expect(posted.headers.get('etag')).toBe('"e"');
      const seen = (await posted.json()) as Record<string, unknown>;
      expect(seen).toMatchObject({
        method: 'POST',
        url: '/pki/ocsp',
        body: '3000ff',
        contentType: 'application/ocsp-request',
        forwardedFor: expect.stringContaining('127.0.0.1'),
      });
      // The client's connection header is its own: the gateway keeps its connection to the subgraph.
      expect(seen.connection).toBe('keep-alive');

      const got = await fetch(`${origin}/pki/ocsp/MAMKAQE%3D?x=1`);
      expect(await got.json()).toMatchObject({ method: 'GET', url: '/pki/ocsp/MAMKAQE%3D?x=1', body: '' });
    } finally {
      await gateway.close();
      await certificate.close();
    }
  });

  it('answers 503 when the certificate subgraph is unreachable or slower than SUBGRAPH_TIMEOUT_MS', async () => {
    const slow = await certificateStandIn(5_000);
    const [down, late] = [
      await gatewayOver('http://127.0.0.1:9/graphql'),
      await gatewayOver(slow.url, { SUBGRAPH_TIMEOUT_MS: '300' }),
    ];
    try {
      for (const gateway of [down, late]) {
        const started = Date.now();
        const response = await fetch(`${new URL(gateway.url).origin}/pki/ocsp/MAMKAQE%3D`);
        expect(response.status).toBe(503);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.text()).toBe('unavailable');
        expect(Date.now() - started).toBeLessThan(3_000);
      }
    } finally {
      await Promise.all([down.close(), late.close()]);
      await slow.close();
    }
  });
});

/** The gateway with tracing on: its forwarded routes go through Express (each request with its span). */
const traced = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces', OTEL_TRACES_SAMPLER_ARG: '0' };

describe.each([
  ['before Express (issue 12: the sign-in rate)', {}],
  ['through Express, with tracing on', traced],
])("identity's OpenID Connect routes at the gateway's origin, %s", (_way, env) => {
  let identity: Awaited<ReturnType<typeof certificateStandIn>>;
  let gateway: Awaited<ReturnType<typeof gatewayOver>>;
  let origin: string;
  beforeAll(async () => {
    identity = await certificateStandIn();
    gateway = await gatewayOver('http://127.0.0.1:9/graphql', env, identity.url);
    origin = new URL(gateway.url).origin;
  });
  afterAll(async () => {
    await gateway.close();
    await identity.close();
  });

  it('forwards the token endpoint, userinfo, discovery and the client-credentials endpoint with their bodies and headers', async () => {
    const token = await fetch(`${origin}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic c3lzOnNlY3JldA==' },
      body: 'grant_type=authorization_code&code=abc',
    });
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({
      method: 'POST',
      url: '/oidc/token',
      body: Buffer.from('grant_type=authorization_code&code=abc').toString('hex'),
      contentType: 'application/x-www-form-urlencoded',
      authorization: 'Basic c3lzOnNlY3JldA==',
      forwardedFor: expect.stringContaining('127.0.0.1'),
      forwardedProto: 'http',
      forwardedHost: new URL(origin).host,
      connection: 'keep-alive',
    });
    for (const path of [
      '/oidc/me',
      '/.well-known/openid-configuration',
      '/oauth/token',
      '/oidc/auth?client_id=x&scope=openid',
    ]) {
      expect(await (await fetch(`${origin}${path}`)).json()).toMatchObject({ url: path });
    }
    // The sign-in page's API (JSON) is the provider's; the page itself is the web client's.
    const api = await fetch(`${origin}/oidc/interaction/abc-123`, { headers: { accept: 'application/json' } });
    expect(await api.json()).toMatchObject({ url: '/oidc/interaction/abc-123' });
    const page = await fetch(`${origin}/oidc/interaction/abc-123`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('/oidc/interaction/abc-123');
    // Paths that only begin alike are not identity's.
    const other = await fetch(`${origin}/oidcx`);
    expect(await other.text()).not.toContain('"url"');
  });
});

describe('identity unreachable', () => {
  it.each([
    ['before Express', {}],
    ['with tracing on', traced],
  ])('answers 503 temporarily_unavailable as JSON, %s', async (_way, env) => {
    const gateway = await gatewayOver('http://127.0.0.1:9/graphql', env);
    try {
      const response = await fetch(`${new URL(gateway.url).origin}/oidc/token`, { method: 'POST', body: 'x=1' });
      expect(response.status).toBe(503);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ error: 'temporarily_unavailable' });
    } finally {
      await gateway.close();
    }
  });
});

describe('HSTS on forwarded answers over HTTPS (before Express, as Express decides `req.secure`)', () => {
  it('adds Strict-Transport-Security when a trusted proxy saw HTTPS, never over plain HTTP or from an untrusted one', async () => {
    const identity = await certificateStandIn();
    const [trusting, untrusting] = [
      await gatewayOver('http://127.0.0.1:9/graphql', { TRUST_PROXY: 'loopback' }, identity.url),
      await gatewayOver('http://127.0.0.1:9/graphql', { TRUST_PROXY: 'false' }, identity.url),
    ];
    try {
      const hsts = async (gateway: typeof trusting, proto?: string) =>
        (
          await fetch(`${new URL(gateway.url).origin}/oidc/jwks`, {
            headers: proto ? { 'x-forwarded-proto': proto } : {},
          })
        ).headers.get('strict-transport-security');
      expect(await hsts(trusting, 'https')).toBe('max-age=31536000; includeSubDomains');
      expect(await hsts(trusting, 'http')).toBeNull();
      expect(await hsts(trusting)).toBeNull();
      expect(await hsts(untrusting, 'https')).toBeNull();
    } finally {
      await Promise.all([trusting.close(), untrusting.close()]);
      await identity.close();
    }
  });
});
