import http from 'node:http';
import type { FirstRequestListener } from '@tessera/kit';
import type { Express, NextFunction, Request, Response } from 'express';
import { createProxyServer } from 'http-proxy-3';

/** The provider's sign-in page is the web client's own: a browser navigating there gets the client. */
const interactionPage = /^\/oidc\/interaction\/[\w-]+\/?$/;

interface ForwardedRoutes {
  /** Path prefixes served by the subgraph behind. */
  paths: string[];
  target: string;
  /** Requests under `paths` the gateway keeps for itself. */
  except?: (req: Request) => boolean;
  /** The answer when the subgraph cannot be reached in time. */
  unavailable: (res: Response) => void;
}

/**
 * What the gateway's public origin serves for a subgraph, besides the graph: identity's OpenID
 * Connect provider (discovery, authorization, token, userinfo, JWKS, logout, revocation,
 * introspection, the sign-in page's API) and client-credentials token endpoint, so the issuer is
 * the URL citizens and systems know (issue 12); the certificate subgraph's `/pki` (CA certificates,
 * CRLs, OCSP), the addresses written into every certificate, so relying parties outside reach them
 * with only the gateway exposed (issue 13). Requests stream through unchanged, on kept-alive
 * connections; a subgraph unreachable or slower than `timeoutMs` (SUBGRAPH_TIMEOUT_MS) answers 503.
 */
export function serveForwardedRoutes(app: Express, urls: { identity: string; certificate: string }, timeoutMs: number) {
  const routes: ForwardedRoutes[] = [
    {
      paths: ['/oidc', '/.well-known/openid-configuration', '/oauth/token'],
      target: new URL(urls.identity).origin,
      except: (req) => req.method === 'GET' && interactionPage.test(req.path) && Boolean(req.accepts('html')),
      unavailable: (res) => res.status(503).set('cache-control', 'no-store').json({ error: 'temporarily_unavailable' }),
    },
    {
      paths: ['/pki'],
      target: new URL(urls.certificate).origin,
      unavailable: (res) => res.status(503).set('cache-control', 'no-store').type('text/plain').send('unavailable'),
    },
  ];
  const agent = new http.Agent({ keepAlive: true });
  const proxies = routes.map((route) => ({
    route,
    proxy: createProxyServer({ target: route.target, xfwd: true, proxyTimeout: timeoutMs, agent }),
  }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const match = proxies.find(
      ({ route }) => route.paths.some((p) => req.path === p || req.path.startsWith(`${p}/`)) && !route.except?.(req),
    );
    if (!match) return next();
    match.proxy.web(req, res, {}, () => {
      if (!res.headersSent) match.route.unavailable(res);
    });
  });
}

/** Headers of one connection (RFC 9110 §7.6.1), never forwarded. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * OCSP (`/pki/ocsp`, GET and POST) forwarded to the certificate subgraph before the gateway's Express app
 * (issue 16 goal 4): relying parties ask at the gateway's origin, and its middleware (compression, the
 * proxy's per-request work) would cost more than the subgraph's lean answer. Requests and answers stream
 * through on kept-alive connections with only the connection's own headers replaced, and the client's
 * address in `X-Forwarded-For` as the proxy of the other `/pki` routes adds it; the subgraph's answer
 * carries its own security headers. Unreachable or slower than `timeoutMs`: 503, as for the other routes.
 */
export function forwardOcsp(certificateUrl: string, timeoutMs: number): FirstRequestListener {
  const target = new URL(certificateUrl);
  const agent = new http.Agent({ keepAlive: true });
  return (req, res) => {
    const url = req.url ?? '';
    if ((req.method !== 'GET' && req.method !== 'POST') || !(url === '/pki/ocsp' || url.startsWith('/pki/ocsp/'))) {
      return false;
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!hopByHop.has(name)) headers[name] = value;
    const forwardedFor = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = forwardedFor
      ? `${forwardedFor}, ${req.socket.remoteAddress}`
      : (req.socket.remoteAddress ?? '');
    let answered = false;
    const unavailable = () => {
      if (answered) return;
      answered = true;
      if (res.headersSent) res.destroy();
      else res.writeHead(503, { 'cache-control': 'no-store', 'content-type': 'text/plain' }).end('unavailable');
    };
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: url, headers, agent, timeout: timeoutMs },
      (answer) => {
        const kept: string[] = [];
        const raw = answer.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) {
          if (!hopByHop.has((raw[i] as string).toLowerCase())) kept.push(raw[i] as string, raw[i + 1] as string);
        }
        answered = true;
        res.writeHead(answer.statusCode ?? 502, kept);
        answer.pipe(res);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('OCSP forward timed out')));
    upstream.on('error', unavailable);
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (req.method === 'GET') upstream.end();
    else req.pipe(upstream);
    return true;
  };
}
