import type { EntityManager } from '@mikro-orm/postgresql';

/** A business system a session is signed in to through single sign-on. */
export interface SessionSystem {
  code: string;
  /** The system's registered name (its code if the registration is gone). */
  name: string;
  signedInAt: Date;
}

interface Row {
  session_id: string;
  system_code: string;
  name: string;
  signed_in_at: Date;
}

/**
 * The business systems each of `sessionIds` is still signed in to (sign-ins not ended), oldest
 * first: one statement for all the sessions, whatever their number.
 */
export async function systemsOfSessions(em: EntityManager, sessionIds: readonly string[]): Promise<SessionSystem[][]> {
  const rows: Row[] = sessionIds.length
    ? await em.execute(
        'select s."session_id", s."system_code", coalesce(a."name", s."system_code") as "name", s."signed_in_at" ' +
          'from "identity"."system_sign_in" s ' +
          'left join "identity"."application_system" a on a."code" = s."system_code" ' +
          'where s."session_id" in (?) and s."ended_at" is null ' +
          'order by s."signed_in_at", s."system_code"',
        [[...sessionIds]],
      )
    : [];
  const bySession = new Map<string, SessionSystem[]>(sessionIds.map((id) => [id, []]));
  for (const row of rows) {
    bySession
      .get(row.session_id)
      ?.push({ code: row.system_code, name: row.name, signedInAt: new Date(row.signed_in_at) });
  }
  return sessionIds.map((id) => bySession.get(id) ?? []);
}
