import type { Router } from 'express';
import type { TokenIssuer } from './token-issuer';

/** Publishes the token-verification keys (RFC 7517) for the other subgraphs and business systems. */
export function mountJwks(routes: Router, issuer: TokenIssuer): void {
  routes.get('/.well-known/jwks.json', async (_req, res, next) => {
    try {
      res.set('cache-control', 'public, max-age=300').json(await issuer.keySet());
    } catch (error) {
      next(error);
    }
  });
}
