import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '@tessera/kit';

/** A business system the user was signed in to, and how it knows the sign-in (its subject and `sid`). */
export interface SystemSignIn {
  systemCode: string;
  subject: string;
  sid: string;
}

/** Inserts (or renews) the sign-in of the sessions `sessions` selects, their id first. */
const recordSignIn = (sessions: string) =>
  `insert into "identity"."system_sign_in" ("id", "session_id", "system_code", "subject", "sid", "signed_in_at", "last_sign_in_at")
   select gen_random_uuid(), "s"."id", ?, ?, ?, ?::timestamptz, ?::timestamptz from (${sessions}) as "s"
   on conflict ("session_id", "system_code") do update set "subject" = excluded."subject", "sid" = excluded."sid",
     "last_sign_in_at" = excluded."last_sign_in_at", "ended_at" = null`;

const signInParams = ({ systemCode, subject, sid }: SystemSignIn, now: Date) => [systemCode, subject, sid, now, now];

/** The platform session behind a provider session, and whether it is still open. */
export interface PlatformSession {
  id: string;
  userId: string;
  open: boolean;
}

/**
 * Ties the provider's sessions to identity's own (the platform session is identity's session,
 * issue 12 item 6) and records which business systems each one signed the user in to.
 */
export class SystemSignIns {
  constructor(private readonly em: EntityManager) {}

  /**
   * The provider session `ssoUid` is now the one signed in by `sessionId` (moved from any earlier
   * one: the unique `sso_uid` is checked at the end of the statement), and, when given, that session
   * signed the user in to a business system: one statement either way.
   */
  async link(sessionId: string, ssoUid: string, signedIn?: SystemSignIn, now = new Date()): Promise<void> {
    const move = `update "identity"."session" set "sso_uid" = case when "id" = ?::uuid then ? end
      where "sso_uid" = ? or "id" = ?::uuid returning "id", "sso_uid", "revoked_at"`;
    const moveParams = [sessionId, ssoUid, ssoUid, sessionId];
    if (!signedIn) {
      await executePrepared(this.em, { sql: move, params: moveParams });
      return;
    }
    await executePrepared(this.em, {
      sql: `with "moved" as (${move}) ${recordSignIn('select "id" from "moved" where "sso_uid" is not null and "revoked_at" is null')}`,
      params: [...moveParams, ...signInParams(signedIn, now)],
    });
  }

  async platformSessionOf(ssoUid: string, now = new Date()): Promise<PlatformSession | undefined> {
    const [row] = await this.em
      .fork()
      .execute<{ id: string; user_id: string; open: boolean }[]>(
        `select "id", "user_id", ("revoked_at" is null and "expires_at" > ?) as "open" from "identity"."session" where "sso_uid" = ?`,
        [now, ssoUid],
      );
    return row ? { id: row.id, userId: row.user_id, open: row.open } : undefined;
  }

  /** The platform session of the provider session `ssoUid` signed the user in to a business system. */
  async record(ssoUid: string, signedIn: SystemSignIn, now = new Date()): Promise<void> {
    await executePrepared(this.em, {
      sql: recordSignIn(`select "id" from "identity"."session" where "sso_uid" = ? and "revoked_at" is null`),
      params: [...signInParams(signedIn, now), ssoUid],
    });
  }

  /** The systems were told by the provider itself (RP-initiated logout): nothing more is owed them. */
  async markTold(ssoUid: string, systemCodes: string[], now = new Date()): Promise<void> {
    if (systemCodes.length === 0) return;
    await this.em.fork().execute(
      `update "identity"."system_sign_in" set "ended_at" = ?
       where "session_id" = (select "id" from "identity"."session" where "sso_uid" = ?) and "system_code" in (${systemCodes.map(() => '?').join(', ')}) and "ended_at" is null`,
      [now, ssoUid, ...systemCodes],
    );
  }
}
