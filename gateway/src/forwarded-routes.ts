import http from 'node:http';
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
