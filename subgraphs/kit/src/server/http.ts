import http from 'node:http';
import type { AddressInfo } from 'node:net';
import compression from 'compression';
import express, { type Express } from 'express';
import { failureCode } from '../errors/format-error';
import type { Logger } from '../log/logger';
import type { Tracing } from '../tracing/tracing';
import { sendGraphqlErrors } from './graphql-response';
import { securityHeaders } from './security-headers';

/** Whether a process can serve, and, where it relies on others, how each of them answered. */
export type Readiness = boolean | { ready: boolean; dependencies: Record<string, boolean> };

export interface HttpProbes {
  /** Whether this process can serve (`/ready` answers 503 when not), with its dependencies' states. */
  ready: () => Promise<Readiness>;
  /** Spans of every request but the probes' (a no-op with tracing off). */
  tracing: Tracing;
}

/**
 * An Express app with what every Tessera process has: security headers, compressed responses
 * (brotli or gzip, as the client accepts), and the probes `/health` and `/ready`. `/metrics` is on
 * the management port (`serveMetrics`).
 */
export function createHttpApp({ ready, tracing }: HttpProbes): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(compression());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const readiness = await ready().catch(() => false);
    const ok = typeof readiness === 'boolean' ? readiness : readiness.ready;
    const state = (up: boolean) => (up ? 'ready' : 'unavailable');
    res.status(ok ? 200 : 503).json({
      status: state(ok),
      ...(typeof readiness === 'object' && {
        dependencies: Object.fromEntries(Object.entries(readiness.dependencies).map(([name, up]) => [name, state(up)])),
      }),
    });
  });
  app.use(tracing.serverSpans());
  return app;
}

export interface Listening {
  server: http.Server;
  port: number;
  /**
   * Stops accepting connections, lets the requests in flight finish (for at most `graceMs`, 2 s
   * unless told), closes idle keep-alive connections, and resolves once every connection is gone.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Serves the requests it knows before Express sees them (a hot path such as OCSP, which needs none of
 * the app's middleware) and says whether it took the request; the others go on to the app untouched.
 */
export type FirstRequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

/**
 * Listens on host:port (port 0 picks a free one) and knows how to close, draining connections. Requests
 * go to `first`, when given, then to the app unless `first` took them.
 */
export async function listen(
  app: Express,
  host: string,
  port: number,
  log: Logger,
  first?: FirstRequestListener,
): Promise<Listening> {
  const server = http.createServer();
  server.keepAliveTimeout = 65_000;
  let inFlight = 0;
  let closing = false;
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight += 1;
    // A request arriving on a kept-alive connection while closing is served, and its connection ends with it.
    if (closing) res.shouldKeepAlive = false;
    res.once('close', () => {
      inFlight -= 1;
      if (closing && inFlight === 0) server.closeAllConnections();
    });
  });
  // After the counting above, so that a request answered at once is counted and closes its connection when closing.
  server.on('request', first ? (req, res) => first(req, res) || app(req, res) : app);
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
    close: (graceMs = 2_000) =>
      new Promise<void>((resolve) => {
        closing = true;
        const cut = setTimeout(() => {
          if (inFlight) log.warn({ inFlight }, 'requests still in flight after the shutdown grace: connections closed');
          server.closeAllConnections();
        }, graceMs);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        if (inFlight === 0) server.closeAllConnections();
        else server.closeIdleConnections();
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
  describe: (code: 'NOT_FOUND' | 'BAD_REQUEST' | 'INTERNAL_SERVER_ERROR' | OutageCode, req: express.Request) => string,
): void {
  app.use((req: express.Request, res: express.Response) => {
    sendGraphqlErrors(req, res, 404, [{ message: describe('NOT_FOUND', req), extensions: { code: 'NOT_FOUND' } }]);
  });
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendGraphqlErrors(req, res, status, [
        { message: describe('BAD_REQUEST', req), extensions: { code: 'BAD_REQUEST' } },
      ]);
      return;
    }
    const classified = failureCode(error);
    if (classified === 'SERVICE_UNAVAILABLE' || classified === 'SERVICE_TIMEOUT') {
      log.warn({ err: error }, 'database unavailable or too slow');
      const outage = outageStatus[classified];
      sendGraphqlErrors(req, res, outage, [{ message: describe(classified, req), extensions: { code: classified } }]);
      return;
    }
    log.error({ err: error }, 'unexpected HTTP error (masked)');
    sendGraphqlErrors(req, res, 500, [
      { message: describe('INTERNAL_SERVER_ERROR', req), extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });
}

type OutageCode = 'SERVICE_UNAVAILABLE' | 'SERVICE_TIMEOUT';

/** The HTTP status of a request that failed because the database was out of reach or too slow. */
const outageStatus: Record<OutageCode, number> = { SERVICE_UNAVAILABLE: 503, SERVICE_TIMEOUT: 504 };
