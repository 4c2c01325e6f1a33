import type { Express, NextFunction, Request, Response } from 'express';
import { createProxyServer } from 'http-proxy-3';

/** What business systems and browsers reach at the gateway's origin and identity serves (issue 12). */
const identityPaths = ['/oidc', '/.well-known/openid-configuration', '/oauth/token'];

/** The provider's sign-in page is the web client's own: a browser navigating there gets the client. */
const interactionPage = /^\/oidc\/interaction\/[\w-]+\/?$/;

const servedByIdentity = (req: Request): boolean =>
  identityPaths.some((p) => req.path === p || req.path.startsWith(`${p}/`)) &&
  !(req.method === 'GET' && interactionPage.test(req.path) && Boolean(req.accepts('html')));

/**
 * Serves identity's OpenID Connect provider (discovery, authorization, token, userinfo, JWKS,
 * logout, revocation, introspection, the sign-in page's API) and the client-credentials token
 * endpoint on the gateway's public origin, so the issuer is the URL citizens and systems know.
 * Requests stream through unchanged; identity writes every URL from the configured public URL.
 * Identity unreachable, or slower than `timeoutMs` (SUBGRAPH_TIMEOUT_MS), answers 503
 * `temporarily_unavailable`, as OAuth 2.0 names it.
 */
export function serveIdentityProvider(app: Express, identityGraphqlUrl: string, timeoutMs: number): void {
  const proxy = createProxyServer({ target: new URL(identityGraphqlUrl).origin, xfwd: true, proxyTimeout: timeoutMs });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!servedByIdentity(req)) return next();
    proxy.web(req, res, {}, () => {
      if (res.headersSent) return;
      res.status(503).set('cache-control', 'no-store').json({ error: 'temporarily_unavailable' });
    });
  });
}
