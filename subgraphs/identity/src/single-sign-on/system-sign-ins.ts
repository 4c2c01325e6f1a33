import type { EntityManager } from '@mikro-orm/postgresql';

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

  /** The provider session `ssoUid` is now the one signed in by `sessionId` (moved from any earlier one). */
  async link(sessionId: string, ssoUid: string): Promise<void> {
    // Two statements in order: a unique index is checked row by row, so one statement that both
    // clears the earlier session and sets the new one may meet the value still in place.
    await this.em.fork().transactional(async (em) => {
      await em.execute(`update "identity"."session" set "sso_uid" = null where "sso_uid" = ? and "id" <> ?::uuid`, [
        ssoUid,
        sessionId,
      ]);
      await em.execute(`update "identity"."session" set "sso_uid" = ? where "id" = ?::uuid`, [ssoUid, sessionId]);
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

  /** The platform session of `ssoUid` signed the user in to `systemCode`, known there by `sid`. */
  async record(ssoUid: string, systemCode: string, subject: string, sid: string, now = new Date()): Promise<void> {
    await this.em.fork().execute(
      `insert into "identity"."system_sign_in" ("id", "session_id", "system_code", "subject", "sid", "signed_in_at", "last_sign_in_at")
       select gen_random_uuid(), "id", ?, ?, ?, ?, ? from "identity"."session" where "sso_uid" = ? and "revoked_at" is null
       on conflict ("session_id", "system_code") do update set "subject" = excluded."subject", "sid" = excluded."sid",
         "last_sign_in_at" = excluded."last_sign_in_at", "ended_at" = null`,
      [systemCode, subject, sid, now, now, ssoUid],
    );
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
