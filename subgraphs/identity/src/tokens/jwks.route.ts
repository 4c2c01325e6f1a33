import type { Router } from 'express';
import type { TokenIssuer } from './token-issuer';

/**
 * Publishes the token-verification keys (RFC 7517) for the other subgraphs and business systems,
 * cacheable as long as every verifier of the platform caches them (AUTH_JWKS_CACHE_SECONDS): the
 * pre-publication period of a new key covers that long.
 */
export function mountJwks(routes: Router, issuer: TokenIssuer, cacheSeconds: number): void {
  routes.get('/.well-known/jwks.json', async (_req, res, next) => {
    try {
      res.set('cache-control', `public, max-age=${cacheSeconds}`).json(await issuer.keySet());
    } catch (error) {
      next(error);
    }
  });
}
