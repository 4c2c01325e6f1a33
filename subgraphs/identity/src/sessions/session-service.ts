import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { asynchronousCommit, executePrepared, type Statement } from '@tessera/kit';
import { identityError } from '../errors';
import type { TokenIssuer } from '../tokens/token-issuer';
import type { User } from '../users/user.entity';
import { Session } from './session.entity';

export interface SessionTokens {
  sessionId: string;
  accessToken: string;
  /** `sessionId.secret`: shown once, stored only as a hash. */
  refreshToken: string;
  /** Access-token lifetime in seconds. */
  expiresIn: number;
}

export interface SessionPolicy {
  /** Absolute lifetime of a session (its refresh tokens), in seconds. */
  ttlSeconds: number;
  accessTokenTtlSeconds: number;
}

export const defaultSessionPolicy: SessionPolicy = { ttlSeconds: 7 * 86_400, accessTokenTtlSeconds: 15 * 60 };

/** Leeway for clocks and for the time between a session's use and the signing of its token. */
const tokenClockLeewayMs = 60_000;

/** An ended session, and when the last access token it may have been given expires. */
export interface EndedSession {
  sid: string;
  until: Date;
}

/** What a session's tokens carry of its account. */
export type SessionHolder = Pick<User, 'id' | 'kind' | 'roles' | 'verifiedAt'>;

/** Sessions and their rotating refresh tokens (ID-10, ID-15). */
export class SessionService {
  private readonly endedListeners: (() => void)[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly tokens: TokenIssuer,
    private readonly protector: DataProtector,
    private readonly policy: SessionPolicy = defaultSessionPolicy,
  ) {}

  /**
   * Opens a session. The caller's `alongside` statements (sign-in records the attempt) are run
   * as parts of the session's insert: one statement, so they commit together, in one round trip.
   */
  async open(
    user: SessionHolder,
    method: string,
    now = new Date(),
    alongside: Statement[] = [],
  ): Promise<SessionTokens> {
    const secret = randomBytes(32).toString('base64url');
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + this.policy.ttlSeconds * 1000);
    const parts = alongside.map((statement, i) => `"alongside_${i}" as (${statement.sql})`);
    await executePrepared(this.em, {
      sql:
        `${parts.length ? `with ${parts.join(', ')} ` : ''}insert into "identity"."session" ` +
        '("id", "user_id", "method", "refresh_digest", "created_at", "last_used_at", "expires_at") ' +
        `select ?::uuid, ?::uuid, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz from ${asynchronousCommit}`,
      params: [
        ...alongside.flatMap((statement) => statement.params),
        id,
        user.id,
        method,
        this.digest(secret),
        now,
        now,
        expiresAt,
      ],
    });
    return this.tokensFor(user, id, secret, expiresAt, now);
  }

  /**
   * Swaps a refresh token for new tokens. The swap is a compare-and-set on the stored hash, so
   * of two uses of one token only one succeeds; presenting an already rotated token ends the
   * session (it was stolen, or replayed).
   */
  async refresh(
    refreshToken: string,
    loadUser: (id: string) => Promise<User | null>,
    now = new Date(),
  ): Promise<SessionTokens> {
    const [sessionId, secret] = refreshToken.split('.');
    if (!sessionId || !secret || !/^[0-9a-f-]{36}$/.test(sessionId)) throw identityError('SESSION_INVALID');
    const em = this.em.fork();
    const presented = this.digest(secret);
    const next = randomBytes(32).toString('base64url');
    const swapped = await em.nativeUpdate(
      Session,
      { id: sessionId, refreshDigest: presented, revokedAt: null, expiresAt: { $gt: now } },
      { refreshDigest: this.digest(next), previousRefreshDigest: presented, lastUsedAt: now },
    );
    if (swapped !== 1) {
      await this.end(
        em,
        `"id" = ?::uuid and "previous_refresh_digest" = ?`,
        [sessionId, presented],
        'refresh token reused',
        now,
      );
      throw identityError('SESSION_INVALID');
    }
    const session = await em.findOneOrFail(Session, { id: sessionId });
    const user = await loadUser(session.userId);
    if (!user) throw identityError('SESSION_INVALID');
    return this.tokensFor(user, sessionId, next, session.expiresAt, now);
  }

  /** The user's open sessions, newest first. */
  list(userId: string, now = new Date()): Promise<Session[]> {
    return this.em
      .fork()
      .find(Session, { userId, revokedAt: null, expiresAt: { $gt: now } }, { orderBy: { lastUsedAt: 'desc' } });
  }

  /** Ends one session of the user; true when there was one to end. */
  async revoke(userId: string, sessionId: string, reason: string, now = new Date()): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/.test(sessionId)) return false;
    return (
      (await this.end(this.em.fork(), `"id" = ?::uuid and "user_id" = ?::uuid`, [sessionId, userId], reason, now)) === 1
    );
  }

  /** Ends every session of the user (password change, administrator action); returns how many. */
  revokeAll(userId: string, reason: string, now = new Date(), em: EntityManager = this.em.fork()): Promise<number> {
    return this.end(em, `"user_id" = ?::uuid`, [userId], reason, now);
  }

  /** Ends the session that signed a single-sign-on provider session in (RP-initiated logout). */
  async revokeBySsoUid(ssoUid: string, reason: string, now = new Date()): Promise<number> {
    return this.end(this.em.fork(), `"sso_uid" = ?`, [ssoUid], reason, now);
  }

  /** Called after sessions ended (the back-channel logout outbox delivers at once). */
  onEnded(listener: () => void): void {
    this.endedListeners.push(listener);
  }

  /**
   * Ends the open sessions `where` names, in one statement with everything that follows from it
   * (issue 12, item 6): the single-sign-on provider sessions they signed in are deleted (so their
   * codes, tokens and SSO die with them), and each business system they signed in to is owed a
   * back-channel logout token, queued in the outbox in the same transaction, so no session ends
   * without its systems being told.
   */
  private async end(em: EntityManager, where: string, params: unknown[], reason: string, now: Date): Promise<number> {
    const [row] = await em.execute<{ ended: number }[]>(
      `with "ended" as (
         update "identity"."session" set "revoked_at" = ?, "revoked_reason" = ?
         where ${where} and "revoked_at" is null returning "id", "user_id", "sso_uid"),
       "signed_out" as (
         update "identity"."system_sign_in" as "s" set "ended_at" = ?
         from "ended" where "s"."session_id" = "ended"."id" and "s"."ended_at" is null
         returning "s"."system_code", "s"."subject", "s"."sid", "s"."session_id", "ended"."user_id"),
       "queued" as (
         insert into "identity"."backchannel_logout"
           ("id", "system_code", "subject", "sid", "session_id", "user_id", "reason", "created_at", "attempts", "next_attempt_at")
         select gen_random_uuid(), "o"."system_code", "o"."subject", "o"."sid", "o"."session_id", "o"."user_id", ?, ?, 0, ?
         from "signed_out" as "o" join "identity"."application_system" as "a" on "a"."code" = "o"."system_code"
         where "a"."backchannel_logout_uri" is not null returning 1),
       "provider_sessions" as (
         delete from "identity"."oidc_record"
         where "model" = 'Session' and "uid" in (select "sso_uid" from "ended" where "sso_uid" is not null) returning 1)
       select (select count(*) from "ended")::int as "ended", (select count(*) from "queued")::int as "queued",
         (select count(*) from "provider_sessions")::int as "provider_sessions"`,
      [now, reason, ...params, now, reason, now, now],
    );
    if (row && row.ended > 0) for (const listener of this.endedListeners) listener();
    return row?.ended ?? 0;
  }

  /**
   * Ended sessions whose access tokens may still be unexpired: the list the other processes'
   * token verifiers hold (`GET /sessions/revoked`). A session's last token was issued when it was
   * last used (signed in or refreshed), so it expires one access-token lifetime later.
   */
  async endedWithLiveTokens(now = new Date()): Promise<EndedSession[]> {
    const lifetimeMs = this.policy.accessTokenTtlSeconds * 1000 + tokenClockLeewayMs;
    const since = new Date(now.getTime() - lifetimeMs);
    const sessions = await this.em
      .fork()
      .find(
        Session,
        { revokedAt: { $gt: since }, lastUsedAt: { $gt: since } },
        { fields: ['id', 'lastUsedAt'], orderBy: { id: 'asc' } },
      );
    return sessions.map((s) => ({ sid: s.id, until: new Date(s.lastUsedAt.getTime() + lifetimeMs) }));
  }

  /** True while the session is open: resolvers check it so an ended session stops at once. */
  async isOpen(sessionId: string, now = new Date()): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/.test(sessionId)) return false;
    return (await this.em.fork().count(Session, { id: sessionId, revokedAt: null, expiresAt: { $gt: now } })) === 1;
  }

  /**
   * An access token never outlives its session: identity refuses a token of an expired session at
   * once, while the other processes' list names only sessions that were ended; capped, such a token
   * has expired everywhere by then, so every process answers it alike.
   */
  private async tokensFor(
    user: SessionHolder,
    sessionId: string,
    secret: string,
    sessionExpiresAt: Date,
    now: Date,
  ): Promise<SessionTokens> {
    const ttl = this.policy.accessTokenTtlSeconds;
    const accessToken = await this.tokens.issue({
      subject: user.id,
      kind: user.kind,
      roles: user.roles,
      sessionId,
      realNameVerified: user.kind === 'citizen' && Boolean(user.verifiedAt),
      ttl,
      notAfter: sessionExpiresAt,
    });
    const expiresIn = Math.min(ttl, Math.floor((sessionExpiresAt.getTime() - now.getTime()) / 1000));
    return { sessionId, accessToken, refreshToken: `${sessionId}.${secret}`, expiresIn };
  }

  private digest(secret: string): string {
    return this.protector.digest('refresh-token', secret);
  }
}
