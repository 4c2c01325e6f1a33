import http from 'node:http';
import { createLogger, loadConfig } from '@tessera/kit';
import { startGateway } from './gateway-server';
import { listenOnLoopback } from './testing/loopback-server';

/** A stand-in identity subgraph that answers the list of banks after `delayMs`. */
async function slowIdentity(delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    const timer = setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { banks: [{ code: 'ICBC' }] } }));
    }, delayMs);
    res.once('close', () => clearTimeout(timer));
  });
  return listenOnLoopback(server);
}

async function gatewayOver(identityUrl: string, env: Record<string, string>) {
  return startGateway({
    config: loadConfig({ NODE_ENV: 'test', SUPERGRAPH_WATCH: 'false', ...env }),
    port: 0,
    subgraphUrls: {
      identity: identityUrl,
      certificate: 'http://127.0.0.1:9/graphql',
      ra: 'http://127.0.0.1:9/graphql',
    },
    log: createLogger({ service: 'gateway', level: 'silent' }),
  });
}

const banksQuery = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query Banks { banks { code } }' }),
  });

describe('gateway resilience (issue 13, item 4)', () => {
  it('gives up on a subgraph slower than SUBGRAPH_TIMEOUT_MS with a typed SERVICE_TIMEOUT, not a hang', async () => {
    const identity = await slowIdentity(10_000);
    const gateway = await gatewayOver(identity.url, { SUBGRAPH_TIMEOUT_MS: '300' });
    try {
      const started = Date.now();
      const response = await banksQuery(gateway.url);
      const body = (await response.json()) as { data: unknown; errors?: { extensions?: { code?: string } }[] };
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(body.data).toBeNull();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_TIMEOUT']);

      const discovery = await fetch(new URL('/.well-known/openid-configuration', gateway.url));
      expect(discovery.status).toBe(503);
      expect(await discovery.json()).toEqual({ error: 'temporarily_unavailable' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await gateway.close();
      await identity.close();
    }
  });

  it('on shutdown turns readiness off first, and lets the request in flight finish before closing', async () => {
    const identity = await slowIdentity(800);
    const gateway = await gatewayOver(identity.url, { SHUTDOWN_DELAY_SECONDS: '0.3', SHUTDOWN_GRACE_SECONDS: '10' });
    const origin = new URL(gateway.url).origin;
    try {
      const inFlight = banksQuery(gateway.url);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closed = gateway.close();
      const ready = await fetch(`${origin}/ready`);
      expect(ready.status).toBe(503);
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { banks: [{ code: 'ICBC' }] } });
      await closed;
      await expect(fetch(`${origin}/health`)).rejects.toThrow();
    } finally {
      await identity.close();
    }
  });
});
