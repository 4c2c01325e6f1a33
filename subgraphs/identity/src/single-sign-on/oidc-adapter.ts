import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '@tessera/kit';
import type { Adapter, AdapterPayload } from 'oidc-provider';

/** Finds a business system's client metadata for the provider (the `Client` model is not stored here). */
export type ClientSource = (clientId: string) => Promise<AdapterPayload | undefined>;

/**
 * The provider's storage (oidc-provider's adapter interface) on the identity schema's `oidc_record`:
 * every code, session, grant, token and interaction, so any replica serves any step of a flow.
 * Expired records are not found, and `purgeExpired` removes them. Every step of a sign-in reads and
 * writes here several times, so each statement is a named prepared statement (parsed and planned once
 * per connection, no query builder, no entity manager).
 */
export function postgresAdapter(em: EntityManager, clients: ClientSource) {
  const run = <T>(sql: string, params: unknown[]): Promise<T[]> => executePrepared<T>(em, { sql, params });
  const table = '"identity"."oidc_record"';
  const live = `("expires_at" is null or "expires_at" > now())`;

  return class PostgresAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await run(
        `insert into ${table} ("model", "id", "payload", "grant_id", "uid", "user_code", "expires_at")
         values (?, ?, ?::jsonb, ?, ?, ?, ${expiresIn ? `now() + make_interval(secs => ?)` : 'null'})
         on conflict ("model", "id") do update set "payload" = excluded."payload", "grant_id" = excluded."grant_id",
           "uid" = excluded."uid", "user_code" = excluded."user_code", "expires_at" = excluded."expires_at"`,
        [
          this.model,
          id,
          JSON.stringify(payload),
          payload.grantId ?? null,
          payload.uid ?? null,
          payload.userCode ?? null,
          ...(expiresIn ? [expiresIn] : []),
        ],
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return clients(id);
      return this.one(`"model" = ? and "id" = ?`, [this.model, id]);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.one(`"model" = ? and "uid" = ?`, [this.model, uid]);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.one(`"model" = ? and "user_code" = ?`, [this.model, userCode]);
    }

    async consume(id: string): Promise<void> {
      await run(`update ${table} set "consumed_at" = now() where "model" = ? and "id" = ?`, [this.model, id]);
    }

    async destroy(id: string): Promise<void> {
      await run(`delete from ${table} where "model" = ? and "id" = ?`, [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await run(`delete from ${table} where "grant_id" = ?`, [grantId]);
    }

    private async one(where: string, params: unknown[]): Promise<AdapterPayload | undefined> {
      const [row] = await run<{ payload: AdapterPayload; consumed: number | null }>(
        `select "payload", extract(epoch from "consumed_at")::bigint as "consumed" from ${table} where ${where} and ${live}`,
        params,
      );
      if (!row) return undefined;
      return row.consumed ? { ...row.payload, consumed: Number(row.consumed) } : row.payload;
    }
  };
}

/** Removes the provider's expired records (a periodic job). Returns how many. */
export async function purgeExpiredOidcRecords(em: EntityManager): Promise<number> {
  const rows = await em
    .fork()
    .getConnection()
    .execute<{ n: number }[]>(
      `with gone as (delete from "identity"."oidc_record" where "expires_at" < now() returning 1) select count(*)::int as "n" from gone`,
    );
  return rows[0]?.n ?? 0;
}
