import http from 'node:http';
import { type FirstRequestListener, strictTransportSecurity } from '@tessera/kit';
import accepts from 'accepts';
import type { Express, NextFunction, Request, Response } from 'express';
import { createProxyServer } from 'http-proxy-3';

/** The provider's sign-in page is the web client's own: a browser navigating there gets the client. */
const interactionPage = /^\/oidc\/interaction\/[\w-]+\/?$/;

/** What identity serves at the gateway's origin: the OpenID Connect provider and the client-credentials token endpoint. */
const identityPaths = ['/oidc', '/.well-known/openid-configuration', '/oauth/token'];

function underAny(path: string, prefixes: string[]): boolean {
  return prefixes.some((p) => path === p || path.startsWith(`${p}/`));
}

function isInteractionPage(req: http.IncomingMessage, path: string): boolean {
  return req.method === 'GET' && interactionPage.test(path) && Boolean(accepts(req).type('html'));
}

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
 * Without tracing, OCSP and identity's routes are taken before Express by `forwardFirst`.
 */
export function serveForwardedRoutes(app: Express, urls: { identity: string; certificate: string }, timeoutMs: number) {
  const routes: ForwardedRoutes[] = [
    {
      paths: identityPaths,
      target: new URL(urls.identity).origin,
      except: (req) => isInteractionPage(req, req.path),
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
    const match = proxies.find(({ route }) => underAny(req.path, route.paths) && !route.except?.(req));
    if (!match) return next();
    match.proxy.web(req, res, {}, () => {
      if (!res.headersSent) match.route.unavailable(res);
    });
  });
}

/** The scheme the nearest proxy saw (`X-Forwarded-Proto`'s first value, as Express reads it). */
function protoOf(req: http.IncomingMessage): string {
  const header = req.headers['x-forwarded-proto'];
  const value = Array.isArray(header) ? header[0] : header;
  return (value ?? '').split(',')[0]?.trim() ?? '';
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

/** One of the routes the lean forward serves: which requests, and the answer when the subgraph cannot be reached. */
interface LeanRoute {
  target: URL;
  serves: (req: http.IncomingMessage, path: string) => boolean;
  unavailable: { type: string; body: string };
}

/**
 * The forwarded routes answered before the gateway's Express app (issue 16 goal 4, issue 12's sign-in rate):
 * OCSP (`/pki/ocsp`, GET and POST) and identity's OpenID Connect provider and token endpoint. Each step of a
 * single sign-on and each OCSP request would otherwise pay for the gateway's middleware (security headers,
 * compression, the proxy's per-request work) on top of the subgraph's own, which sets its headers itself.
 * Requests and answers stream through on kept-alive connections with only the connection's own headers
 * replaced and `X-Forwarded-For`/`-Proto`/`-Host`/`-Port` added as the Express proxy adds them; the
 * provider's sign-in page (a browser's GET of `/oidc/interaction/<uid>`) stays with the web client.
 * Unreachable or slower than `timeoutMs`: 503, as for the other routes.
 */
export function forwardFirst(
  urls: { identity: string; certificate: string },
  timeoutMs: number,
  trustsProxy: (address: string, hop: number) => boolean,
): FirstRequestListener {
  const routes: LeanRoute[] = [
    {
      target: new URL(urls.certificate),
      serves: (req, path) => (req.method === 'GET' || req.method === 'POST') && underAny(path, ['/pki/ocsp']),
      unavailable: { type: 'text/plain', body: 'unavailable' },
    },
    {
      target: new URL(urls.identity),
      serves: (req, path) => underAny(path, identityPaths) && !isInteractionPage(req, path),
      unavailable: { type: 'application/json', body: JSON.stringify({ error: 'temporarily_unavailable' }) },
    },
  ];
  const agent = new http.Agent({ keepAlive: true });
  return (req, res) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const route = routes.find((r) => r.serves(req, path));
    if (!route) return false;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!hopByHop.has(name)) headers[name] = value;
    const forwarded = (name: string, value: string) => {
      const given = req.headers[name];
      headers[name] = given ? `${given},${value}` : value;
    };
    forwarded('x-forwarded-for', req.socket.remoteAddress ?? '');
    forwarded('x-forwarded-port', String(req.socket.localPort ?? ''));
    const encrypted = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
    forwarded('x-forwarded-proto', encrypted ? 'https' : 'http');
    // Over HTTPS (here, or at a proxy the gateway trusts, as Express's `req.secure` decides) answers carry HSTS.
    const secure = encrypted || (trustsProxy(req.socket.remoteAddress ?? '', 0) && protoOf(req) === 'https');
    headers['x-forwarded-host'] = req.headers['x-forwarded-host'] ?? req.headers.host ?? '';
    let answered = false;
    const unavailable = () => {
      if (answered) return;
      answered = true;
      if (res.headersSent) res.destroy();
      else
        res
          .writeHead(503, { 'cache-control': 'no-store', 'content-type': route.unavailable.type })
          .end(route.unavailable.body);
    };
    const upstream = http.request(
      {
        host: route.target.hostname,
        port: route.target.port,
        method: req.method,
        path: url,
        headers,
        agent,
        timeout: timeoutMs,
      },
      (answer) => {
        const kept: string[] = [];
        const raw = answer.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) {
          if (!hopByHop.has((raw[i] as string).toLowerCase())) kept.push(raw[i] as string, raw[i + 1] as string);
        }
        if (secure && answer.headers['strict-transport-security'] === undefined) {
          kept.push('Strict-Transport-Security', strictTransportSecurity);
        }
        answered = true;
        res.writeHead(answer.statusCode ?? 502, kept);
        answer.pipe(res);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('forward timed out')));
    upstream.on('error', unavailable);
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (req.method === 'GET' || req.method === 'HEAD') upstream.end();
    else req.pipe(upstream);
    return true;
  };
}
