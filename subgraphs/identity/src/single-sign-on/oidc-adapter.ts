import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '@tessera/kit';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { type AccountRow, accountColumns, accountIdPattern } from './account-claims';
import type { OidcUnitOfWork, RecordWrite } from './oidc-unit-of-work';

/** Finds a business system's client metadata for the provider (the `Client` model is not stored here). */
export type ClientSource = (clientId: string) => Promise<AdapterPayload | undefined>;

/**
 * The provider's storage (oidc-provider's adapter interface) on the identity schema's `oidc_record`:
 * every code, session, grant, token and interaction, so any replica serves any step of a flow.
 * Expired records are not found, and `purgeExpired` removes them. Every step of a sign-in reads and
 * writes here several times, so each statement is a named prepared statement (parsed and planned once
 * per connection, no query builder, no entity manager). Within one provider request (`work`), a
 * token, code or interaction is read together with its grant, session and account, and the
 * request's writes are stored together at its end.
 */
export function postgresAdapter(em: EntityManager, clients: ClientSource, work?: OidcUnitOfWork) {
  const run = <T>(sql: string, params: unknown[]): Promise<T[]> => executePrepared<T>(em, { sql, params });
  const write = (statement: RecordWrite) => run(statement.sql, statement.params);
  const table = '"identity"."oidc_record"';
  const live = `("expires_at" is null or "expires_at" > now())`;
  const related = (alias: string) => `(${alias}."expires_at" is null or ${alias}."expires_at" > now())`;
  const consumed = (alias: string) => `extract(epoch from ${alias}."consumed_at")::bigint`;
  const accountId = `coalesce(t."payload"->>'accountId', t."payload"#>>'{result,login,accountId}')`;
  /** A record with what a later step of the same request reads of it, in one statement. */
  const withRelated = `with "t" as (select "payload", "consumed_at" from ${table} where "model" = ? and "id" = ? and ${live})
    select 'record' as "part", t."payload", ${consumed('t')} as "consumed" from "t"
    union all
    select 'Grant', r."payload", ${consumed('r')} from "t"
      join ${table} r on r."model" = 'Grant' and r."id" = t."payload"->>'grantId' and ${related('r')}
    union all
    select 'Session', r."payload", ${consumed('r')} from "t"
      join ${table} r on r."model" = 'Session' and r."uid" = t."payload"->>'sessionUid' and ${related('r')}
    union all
    select 'account', (select to_jsonb(a) from (select ${accountColumns.map((c) => `u."${c}"`).join(', ')}) a), null from "t"
      join "identity"."user" u on u."id" = case when ${accountId} ~ '${accountIdPattern.source}' then (${accountId})::uuid end
        and u."locked_at" is null`;
  const withPayload = (row: { payload: AdapterPayload; consumed: number | string | null }): AdapterPayload =>
    row.consumed ? { ...row.payload, consumed: Number(row.consumed) } : row.payload;

  return class PostgresAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const statement = {
        sql: `insert into ${table} ("model", "id", "payload", "grant_id", "uid", "user_code", "expires_at")
         values (?, ?, ?::jsonb, ?, ?, ?, ${expiresIn ? `now() + make_interval(secs => ?)` : 'null'})
         on conflict ("model", "id") do update set "payload" = excluded."payload", "grant_id" = excluded."grant_id",
           "uid" = excluded."uid", "user_code" = excluded."user_code", "expires_at" = excluded."expires_at"`,
        params: [
          this.model,
          id,
          JSON.stringify(payload),
          payload.grantId ?? null,
          payload.uid ?? null,
          payload.userCode ?? null,
          ...(expiresIn ? [expiresIn] : []),
        ],
      };
      if (work?.defer(this.model, id, statement)) work.wrote(this.model, id, { ...payload });
      else await write(statement);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return clients(id);
      const known = work?.record(this.model, 'id', id);
      if (known) return known.value ? { ...known.value } : undefined;
      if (work?.active && readsAhead.has(this.model)) return this.withRelated(id);
      const found = await this.one(`"model" = ? and "id" = ?`, [this.model, id]);
      work?.keepReadRecord(this.model, 'id', id, found ?? null);
      return found;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const known = work?.record(this.model, 'uid', uid);
      if (known) return known.value ? { ...known.value } : undefined;
      const found = await this.one(`"model" = ? and "uid" = ?`, [this.model, uid]);
      work?.keepReadRecord(this.model, 'uid', uid, found ?? null);
      return found;
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.one(`"model" = ? and "user_code" = ?`, [this.model, userCode]);
    }

    async consume(id: string): Promise<void> {
      work?.forget(this.model);
      await work?.flush(write);
      await run(`update ${table} set "consumed_at" = now() where "model" = ? and "id" = ?`, [this.model, id]);
    }

    async destroy(id: string): Promise<void> {
      const statement = { sql: `delete from ${table} where "model" = ? and "id" = ?`, params: [this.model, id] };
      if (work?.defer(this.model, id, statement)) work.wrote(this.model, id, null);
      else await write(statement);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      work?.forget();
      await work?.flush(write);
      await run(`delete from ${table} where "grant_id" = ?`, [grantId]);
    }

    /** The record and, kept for the rest of the request, its grant, session and account (or that they are gone). */
    private async withRelated(id: string): Promise<AdapterPayload | undefined> {
      const rows = await run<{ part: string; payload: unknown; consumed: number | string | null }>(withRelated, [
        this.model,
        id,
      ]);
      const record = rows.find((row) => row.part === 'record') as
        | { payload: AdapterPayload; consumed: number | string | null }
        | undefined;
      if (!record) {
        work?.keepReadRecord(this.model, 'id', id, null);
        return undefined;
      }
      const payload = withPayload(record);
      work?.keepReadRecord(this.model, 'id', id, { ...payload });
      const part = (name: string) => rows.find((row) => row.part === name) as typeof record | undefined;
      const grantId = payload.grantId;
      const sessionUid = payload.sessionUid as string | undefined;
      const login = (payload.result as { login?: { accountId?: unknown } } | undefined)?.login;
      const account = payload.accountId ?? login?.accountId;
      if (typeof grantId === 'string') work?.keepReadRecord('Grant', 'id', grantId, withOptional(part('Grant')));
      if (typeof sessionUid === 'string') {
        work?.keepReadRecord('Session', 'uid', sessionUid, withOptional(part('Session')));
      }
      if (typeof account === 'string' && accountIdPattern.test(account)) {
        work?.keepAccount(account, (part('account')?.payload as AccountRow | undefined) ?? null);
      }
      return payload;
    }

    private async one(where: string, params: unknown[]): Promise<AdapterPayload | undefined> {
      const [row] = await run<{ payload: AdapterPayload; consumed: number | null }>(
        `select "payload", extract(epoch from "consumed_at")::bigint as "consumed" from ${table} where ${where} and ${live}`,
        params,
      );
      return row ? withPayload(row) : undefined;
    }
  };

  function withOptional(row: { payload: AdapterPayload; consumed: number | string | null } | undefined) {
    return row ? withPayload(row) : null;
  }
}

/** The models whose lookups read their grant, session and account along (token endpoint, userinfo, resume). */
const readsAhead = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'Interaction']);

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
