import type { Express, Request } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

/** What business systems and browsers reach at the gateway's origin and identity serves (issue 12). */
const identityPaths = ['/oidc', '/.well-known/openid-configuration', '/oauth/token'];

/** The provider's sign-in page is the web client's own: a browser navigating there gets the client. */
const interactionPage = /^\/oidc\/interaction\/[\w-]+\/?$/;

function isInteractionPage(req: Request): boolean {
  return req.method === 'GET' && interactionPage.test(req.path) && Boolean(req.accepts('html'));
}

/**
 * Serves identity's OpenID Connect provider (discovery, authorization, token, userinfo, JWKS,
 * logout, revocation, introspection, the sign-in page's API) and the client-credentials token
 * endpoint on the gateway's public origin, so the issuer is the URL citizens and systems know.
 * Requests stream through unchanged; identity writes every URL from the configured public URL.
 */
export function serveIdentityProvider(app: Express, identityGraphqlUrl: string): void {
  const proxy = createProxyMiddleware<Request>({
    target: new URL(identityGraphqlUrl).origin,
    changeOrigin: false,
    xfwd: true,
    pathFilter: (path, req) =>
      identityPaths.some((p) => path === p || path.startsWith(`${p}/`)) && !isInteractionPage(req),
    proxyTimeout: 30_000,
    on: {
      error: (_error, _req, res) => {
        if ('writeHead' in res && !res.headersSent) {
          res.writeHead(503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify({ error: 'temporarily_unavailable' }));
        }
      },
    },
  });
  app.use(proxy);
}
