import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from '../log/logger';
import type { Metrics } from './metrics';

export interface HttpProbes {
  /** Everything this process depends on answers. */
  ready: () => Promise<boolean>;
  metrics: Metrics;
}

/** An Express app with the probes every Tessera process serves: `/health`, `/ready`, `/metrics`. */
export function createHttpApp({ ready, metrics }: HttpProbes): Express {
  const app = express();
  app.disable('x-powered-by');
  // Every answer is what its Content-Type says (JSON, a DER certificate, a client's script): no
  // browser may guess otherwise from the bytes, e.g. from a document copy inside one.
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const ok = await ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}

export interface Listening {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 picks a free one) and knows how to close, draining connections. */
export async function listen(app: Express, host: string, port: number, log: Logger): Promise<Listening> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  log.debug({ host, port: actual }, 'listening');
  return {
    server,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}

/**
 * The last handlers of every app: unknown paths and errors outside GraphQL (such as a body that
 * is not JSON) answer in the GraphQL error shape, never with Express's HTML or a stack trace.
 */
export function finishApp(
  app: Express,
  log: Logger,
  describe: (code: 'NOT_FOUND' | 'BAD_REQUEST' | 'INTERNAL_SERVER_ERROR', req: express.Request) => string,
): void {
  app.use((req: express.Request, res: express.Response) => {
    res.status(404).json({ errors: [{ message: describe('NOT_FOUND', req), extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: number }).status;
    const client = typeof status === 'number' && status >= 400 && status < 500;
    if (!client) log.error({ err: error }, 'unexpected HTTP error (masked)');
    const code = client ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    res.status(client ? status : 500).json({ errors: [{ message: describe(code, req), extensions: { code } }] });
  });
}
