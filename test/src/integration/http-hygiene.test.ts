import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type RunningGateway, startGateway } from '@tessera/gateway';
import { createLogger, loadConfig } from '@tessera/kit';
import { startTestPlatform, type TestPlatform } from '../harness/platform';

/**
 * HTTP hygiene of the gateway and the built clients (issue 11, item 7), over real HTTP against the
 * clients `npm run build` made: precompressed assets by Accept-Encoding, compressed responses, no
 * source maps, security headers with a strict Content-Security-Policy, HSTS only over HTTPS, and
 * `/metrics` behind a token.
 */

const clientsDir = path.resolve(__dirname, '..', '..', '..', 'clients');

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request whose body comes back as sent on the wire (fetch would decompress it). */
function raw(url: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: body ? 'POST' : 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The scripts `index.html` of a client loads, and whether any is inline. */
function scriptsOf(html: string): { sources: string[]; inline: number } {
  const tags = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  return {
    sources: tags.map((t) => /\bsrc="([^"]+)"/.exec(t[1] ?? '')?.[1]).filter((s): s is string => Boolean(s)),
    inline: tags.filter((t) => !/\bsrc=/.test(t[1] ?? '') || (t[2] ?? '').trim()).length,
  };
}

function directives(csp: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

let platform: TestPlatform;
let base: string;
/** Issue 15: where the web client's certificate sign-in finds the EKey agent (a port of this test's own). */
const ekeyAgentUrl = 'http://127.0.0.1:17391';

beforeAll(async () => {
  platform = await startTestPlatform({ TRUST_PROXY: 'loopback', EKEY_AGENT_URL: ekeyAgentUrl });
  base = new URL(platform.gateway.url).origin;
});

afterAll(() => platform?.stop());

describe.each([
  ['web', '/'],
  ['admin', '/admin/'],
])('the %s client', (client, mount) => {
  const dist = path.join(clientsDir, client, 'dist');

  it('has no inline script and no source maps in its build', () => {
    const { sources, inline } = scriptsOf(fs.readFileSync(path.join(dist, 'index.html'), 'utf8'));
    expect(inline).toBe(0);
    expect(sources.length).toBeGreaterThan(0);
    const files = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('serves each script precompressed by Accept-Encoding, with Vary and the original Content-Type', async () => {
    const html = (await raw(`${base}${mount}`)).body.toString('utf8');
    const [script] = scriptsOf(html).sources;
    const onDisk = fs.readFileSync(path.join(dist, (script as string).replace(mount, '')));
    const brotli = await raw(`${base}${script}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotli.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(brotliDecompressSync(brotli.body).equals(onDisk)).toBe(true);
    expect(brotli.body.length).toBeLessThan(onDisk.length / 2);
    const gzip = await raw(`${base}${script}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(onDisk)).toBe(true);
    const plain = await raw(`${base}${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(onDisk)).toBe(true);
  });

  it('sends a strict Content-Security-Policy and the other security headers with its pages', async () => {
    const page = await raw(`${base}${mount}`, { accept: 'text/html' });
    expect(page.status).toBe(200);
    const csp = directives(page.headers['content-security-policy'] as string);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['script-src-attr']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    // Monaco (GraphiQL's editor, admin client only) writes <style> elements at run time.
    expect(csp['style-src']).toEqual(client === 'admin' ? ["'self'", "'unsafe-inline'"] : ["'self'"]);
    // Issue 15: the web client's certificate sign-in may call the configured EKey agent, and only it.
    expect(csp['connect-src']).toEqual(client === 'web' ? ["'self'", ekeyAgentUrl] : ["'self'"]);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('the gateway', () => {
  it('never serves a source map', async () => {
    const adHoc = fs
      .readdirSync(path.join(clientsDir, 'admin', 'dist', 'assets'))
      .find((f) => f.startsWith('ad-hoc-queries-') && f.endsWith('.js'));
    expect(adHoc).toBeDefined();
    const map = await raw(`${base}/admin/assets/${adHoc}.map`);
    expect(map.status).toBe(404);
    expect(JSON.parse(map.body.toString('utf8'))).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });

  it('sends HSTS only on a request that came over HTTPS through a trusted proxy', async () => {
    const overHttps = await raw(`${base}/`, { accept: 'text/html', 'x-forwarded-proto': 'https' });
    expect(overHttps.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const overHttp = await raw(`${base}/`, { accept: 'text/html' });
    expect(overHttp.headers['strict-transport-security']).toBeUndefined();
  });

  it('compresses GraphQL responses for clients that accept it', async () => {
    const body = JSON.stringify({ query: '{ __schema { types { name description } } }' });
    const headers = { 'content-type': 'application/json', 'accept-encoding': 'br' };
    const response = await raw(platform.gateway.url, headers, body);
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    const data = JSON.parse(brotliDecompressSync(response.body).toString('utf8'));
    expect(data.data.__schema.types.length).toBeGreaterThan(20);
    expect(response.headers['content-security-policy']).toBeDefined();
  });
});

it('issue 15, issue 17: tells the clients where the EKey agent listens (EKEY_AGENT_URL), the bureau time zone and its branding, not cached', async () => {
  const answer = await raw(`${base}/client-config.json`, { accept: 'application/json' });
  expect(answer.status).toBe(200);
  expect(answer.headers['cache-control']).toBe('no-cache');
  expect(JSON.parse(answer.body.toString('utf8'))).toEqual({
    ekeyAgentUrl,
    timeZone: 'Asia/Shanghai',
    branding: {
      name: { 'zh-CN': '某市社会保险事业管理局', en: 'Municipal Social Insurance Bureau' },
      hotline: '12333',
      privacyUrl: '/privacy',
      icpFiling: '某ICP备00000000号',
    },
  });
});

describe('/metrics', () => {
  const token = 'a-metrics-token-for-this-test-0001';
  let gateways: RunningGateway[] = [];

  async function gatewayWith(env: Record<string, string>): Promise<string> {
    const gateway = await startGateway({
      config: loadConfig({
        NODE_ENV: 'test',
        AUTH_JWKS_URL: new URL('/.well-known/jwks.json', platform.identity.url).toString(),
        GATEWAY_ASSERTION_SECRET: 'a-secret-the-subgraphs-do-not-share-0001',
        ...env,
      }),
      port: 0,
      subgraphUrls: { identity: platform.identity.url, certificate: platform.certificate.url, ra: platform.ra.url },
      log: createLogger({ service: 'gateway-metrics', level: 'silent' }),
    });
    gateways.push(gateway);
    return gateway.metricsUrl;
  }

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    gateways = [];
  });

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const url = await gatewayWith({ METRICS_TOKEN: token });
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-of-the-same-size-01' } })).status).toBe(
      401,
    );
    const scraper = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toMatch(/tessera_graphql_requests_total/);
  });

  it('is not served in production without a token', async () => {
    const url = await gatewayWith({ NODE_ENV: 'production' });
    expect((await fetch(url)).status).toBe(404);
  });
});
