import { createHash, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type Router } from 'express';
import { errorCodeOf } from '../errors';
import { IssuedToken } from '../single-sign-on/issued-token.entity';
import type { ApplicationSystems } from './application-systems';

/**
 * The OAuth2 token endpoint for business systems (RFC 6749 §4.4): client credentials in HTTP
 * Basic or in the form; answers per §5.1 and §5.2.
 */
/** Tessera's own services (the RA calling the certificate subgraph) by name, with their secrets. */
export interface ServiceClients {
  secrets: Record<string, string>;
  issue(name: string): Promise<{ token: string; expiresIn: number }>;
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function mountTokenEndpoint(
  routes: Router,
  systems: ApplicationSystems,
  services: ServiceClients,
  em: EntityManager,
): void {
  routes.post('/oauth/token', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res, next) => {
    res.set('cache-control', 'no-store');
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (body.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    let clientId = body.client_id;
    let clientSecret = body.client_secret;
    const basic = /^Basic (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (basic) {
      const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      clientId = id && decodeURIComponent(id);
      clientSecret = secret && decodeURIComponent(secret);
    }
    if (!clientId || !clientSecret) {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    const serviceSecret = Object.hasOwn(services.secrets, clientId) ? services.secrets[clientId] : undefined;
    if (serviceSecret !== undefined) {
      if (!sameSecret(clientSecret, serviceSecret)) {
        res.status(401).json({ error: 'invalid_client' });
        return;
      }
      const issued = await services.issue(clientId).catch((error: unknown) => {
        next(error);
        return undefined;
      });
      if (issued) res.json({ access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn });
      return;
    }
    try {
      const token = await systems.issueToken(clientId, clientSecret, body.scope?.split(' ').filter(Boolean));
      const audit = em.fork();
      audit.create(IssuedToken, {
        systemCode: clientId.trim().toLowerCase(),
        grantType: 'client_credentials',
        scopes: token.scopes,
        tokens: ['access_token'],
        requestId: req.header('x-request-id') ?? null,
      });
      await audit.flush();
      res.json({
        access_token: token.accessToken,
        token_type: 'Bearer',
        expires_in: token.expiresIn,
        scope: token.scopes.join(' '),
      });
    } catch (error) {
      if (errorCodeOf(error) === 'INVALID_CLIENT') {
        res.status(401).json({ error: 'invalid_client' });
        return;
      }
      next(error);
    }
  });
}
