import { createHash } from 'node:crypto';
import type { RevokedSessionList } from '@tessera/kit';
import type { Router } from 'express';
import type { SessionService } from './session-service';

/**
 * Publishes the sessions that ended while their access tokens may still be unexpired, for the
 * token verifiers of the other subgraphs, the gateway and business systems. Public like the JWKS
 * and as harmless: a session id names nothing once its session has ended, and no user is named.
 * Verifiers send `If-None-Match`; an unchanged list is a 304. (Compared here rather than by
 * Express: `fetch` adds `Cache-Control: no-cache` to such requests, for which Express never answers 304.)
 */
export function mountRevokedSessions(routes: Router, sessions: SessionService): void {
  routes.get('/sessions/revoked', async (req, res, next) => {
    try {
      const ended = await sessions.endedWithLiveTokens();
      const list: RevokedSessionList = { revoked: ended.map((e) => ({ sid: e.sid, until: e.until.toISOString() })) };
      const body = JSON.stringify(list);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      res.set({ etag, 'cache-control': 'no-cache' });
      if (req.header('if-none-match') === etag) {
        res.status(304).end();
        return;
      }
      res.type('application/json').send(body);
    } catch (error) {
      next(error);
    }
  });
}
