import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { executePrepared } from '@tessera/kit';
import { openTestDatabase } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';
import { findAccount } from './account-claims';
import { postgresAdapter, purgeExpiredOidcRecords } from './oidc-adapter';
import { OidcUnitOfWork } from './oidc-unit-of-work';

describe("the provider's storage in PostgreSQL (issue 12, item 2)", () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openTestDatabase();
  });
  afterAll(() => orm.close());

  const Adapter = () => postgresAdapter(orm.em, async (id) => (id === 'known' ? { client_id: 'known' } : undefined));

  it('keeps each model apart, finds by id, uid and user code, and marks consumption', async () => {
    const A = Adapter();
    const sessions = new A('Session');
    const codes = new A('AuthorizationCode');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a' }, 60);
    await codes.upsert('s1', { grantId: 'g1', userCode: 'UC-1' }, 60);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'a' });
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1', accountId: 'a' });
    expect(await codes.findByUserCode('UC-1')).toEqual({ grantId: 'g1', userCode: 'UC-1' });
    await codes.consume('s1');
    expect((await codes.find('s1'))?.consumed).toEqual(expect.any(Number));
    expect(await sessions.find('s1')).not.toHaveProperty('consumed');
    // An upsert replaces the payload (the provider saves a session again after each sign-in).
    await sessions.upsert('s1', { uid: 'u1', accountId: 'b' }, 60);
    expect(await sessions.find('s1')).toEqual({ uid: 'u1', accountId: 'b' });
    await sessions.destroy('s1');
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await codes.find('s1')).toBeDefined();
  });

  it('revokes every token of a grant at once', async () => {
    const A = Adapter();
    await new A('AccessToken').upsert('at', { grantId: 'grant-x' }, 60);
    await new A('RefreshToken').upsert('rt', { grantId: 'grant-x' }, 60);
    await new A('AccessToken').upsert('other', { grantId: 'grant-y' }, 60);
    await new A('RefreshToken').revokeByGrantId('grant-x');
    expect(await new A('AccessToken').find('at')).toBeUndefined();
    expect(await new A('RefreshToken').find('rt')).toBeUndefined();
    expect(await new A('AccessToken').find('other')).toBeDefined();
  });

  it('answers clients from the business systems, not from its table', async () => {
    const A = Adapter();
    expect(await new A('Client').find('known')).toEqual({ client_id: 'known' });
    expect(await new A('Client').find('unknown')).toBeUndefined();
  });

  it('does not find expired records, and the clean-up removes them', async () => {
    const A = Adapter();
    await new A('Interaction').upsert('old', { returnTo: 'x' }, 60);
    await orm.em
      .fork()
      .execute(`update "identity"."oidc_record" set "expires_at" = now() - interval '1 second' where "id" = 'old'`);
    expect(await new A('Interaction').find('old')).toBeUndefined();
    expect(await purgeExpiredOidcRecords(orm.em)).toBeGreaterThanOrEqual(1);
    const [row] = await orm.em
      .fork()
      .execute<{ n: number }[]>(`select count(*)::int as "n" from "identity"."oidc_record" where "id" = 'old'`);
    expect(row?.n).toBe(0);
  });

  describe('one provider request as a unit of work (issue 12: the sign-in in fewer statements)', () => {
    const clients = async () => undefined;
    let statements = 0;
    beforeAll(() => {
      orm.em
        .getConnection()
        .getKnex()
        .on('query', () => {
          statements++;
        });
    });

    async function user(locked = false): Promise<string> {
      const em = orm.em.fork();
      const row = em.create(User, {
        username: `uow-${randomUUID().slice(0, 8)}`,
        kind: 'citizen',
        displayName: 'Unit of work',
        passwordHash: 'unused',
        ...(locked ? { lockedAt: new Date() } : {}),
      });
      await em.flush();
      return row.id;
    }

    it('reads a token with its grant, session and account in one statement; a locked account is known absent', async () => {
      const work = new OidcUnitOfWork();
      const A = postgresAdapter(orm.em, clients, work);
      const account = findAccount(orm.em, work);
      const [active, locked] = [await user(), await user(true)];
      const id = randomUUID();
      await new A('Grant').upsert(`g-${id}`, { accountId: active }, 60);
      await new A('Session').upsert(`s-${id}`, { uid: `u-${id}`, accountId: active }, 60);
      const token = { grantId: `g-${id}`, sessionUid: `u-${id}`, accountId: active };
      await new A('AccessToken').upsert(`at-${id}`, token, 60);
      await new A('AccessToken').upsert(`locked-${id}`, { ...token, accountId: locked }, 60);

      await work.run(async () => {
        const before = statements;
        expect(await new A('AccessToken').find(`at-${id}`)).toEqual(token);
        expect(await new A('Session').findByUid(`u-${id}`)).toEqual({ uid: `u-${id}`, accountId: active });
        expect(await new A('Grant').find(`g-${id}`)).toEqual({ accountId: active });
        expect((await account(undefined, active))?.accountId).toBe(active);
        expect(statements - before).toBe(1);
        expect(await new A('AccessToken').find(`locked-${id}`)).toMatchObject({ accountId: locked });
        expect(await account(undefined, locked)).toBeUndefined();
        expect(statements - before).toBe(2);
      });
      // Outside a request nothing is kept: every lookup reads.
      const before = statements;
      expect((await account(undefined, active))?.accountId).toBe(active);
      expect(await new A('Grant').find(`g-${id}`)).toEqual({ accountId: active });
      expect(statements - before).toBe(2);
    });

    it("writes the request's records in one statement at its end; the request reads its own writes, nobody else before the end", async () => {
      const work = new OidcUnitOfWork();
      const A = postgresAdapter(orm.em, clients, work);
      const elsewhere = postgresAdapter(orm.em, clients);
      const id = randomUUID();
      await new A('Interaction').upsert(`i-${id}`, { returnTo: 'x' }, 60);
      await work.run(async () => {
        const before = statements;
        await new A('Interaction').destroy(`i-${id}`);
        await new A('Grant').upsert(`g-${id}`, { accountId: 'first' }, 60);
        await new A('Grant').upsert(`g-${id}`, { accountId: 'second' }, 60);
        await new A('Session').upsert(`s-${id}`, { uid: `u-${id}` }, 60);
        expect(await new A('Grant').find(`g-${id}`)).toEqual({ accountId: 'second' });
        expect(await new A('Session').findByUid(`u-${id}`)).toEqual({ uid: `u-${id}` });
        expect(await new A('Interaction').find(`i-${id}`)).toBeUndefined();
        expect(statements - before).toBe(0);
        expect(await new elsewhere('Interaction').find(`i-${id}`)).toEqual({ returnTo: 'x' });
        expect(await new elsewhere('Grant').find(`g-${id}`)).toBeUndefined();
        const flushed = statements;
        await work.flush((write) => executePrepared(orm.em, write));
        expect(statements - flushed).toBe(1);
      });
      expect(await new elsewhere('Interaction').find(`i-${id}`)).toBeUndefined();
      expect(await new elsewhere('Grant').find(`g-${id}`)).toEqual({ accountId: 'second' });
      expect(await new elsewhere('Session').findByUid(`u-${id}`)).toEqual({ uid: `u-${id}` });
    });

    it("keeps each of the request's own writes: a second record of a model, a destroyed session by its uid, a later read-ahead", async () => {
      const work = new OidcUnitOfWork();
      const A = postgresAdapter(orm.em, clients, work);
      const id = randomUUID();
      await new A('Grant').upsert(`g-${id}`, { accountId: 'stored' }, 60);
      await new A('Session').upsert(`s-${id}`, { jti: `s-${id}`, uid: `u-${id}` }, 60);
      await new A('AccessToken').upsert(`at-${id}`, { grantId: `g-${id}`, sessionUid: `u-${id}` }, 60);
      await work.run(async () => {
        await new A('Grant').upsert(`g-${id}`, { accountId: 'written' }, 60);
        await new A('Grant').upsert(`other-${id}`, { accountId: 'other' }, 60);
        expect(await new A('Grant').find(`g-${id}`)).toEqual({ accountId: 'written' });
        expect(await new A('Session').findByUid(`u-${id}`)).toEqual({ jti: `s-${id}`, uid: `u-${id}` });
        await new A('Session').destroy(`s-${id}`);
        expect(await new A('Session').findByUid(`u-${id}`)).toBeUndefined();
        // The token's read-ahead brings the stored grant and session: the request's own writes win.
        expect(await new A('AccessToken').find(`at-${id}`)).toEqual({ grantId: `g-${id}`, sessionUid: `u-${id}` });
        expect(await new A('Grant').find(`g-${id}`)).toEqual({ accountId: 'written' });
        expect(await new A('Session').findByUid(`u-${id}`)).toBeUndefined();
        await work.flush((write) => executePrepared(orm.em, write));
      });
      const elsewhere = postgresAdapter(orm.em, clients);
      expect(await new elsewhere('Grant').find(`g-${id}`)).toEqual({ accountId: 'written' });
      expect(await new elsewhere('Grant').find(`other-${id}`)).toEqual({ accountId: 'other' });
      expect(await new elsewhere('Session').findByUid(`u-${id}`)).toBeUndefined();
    });

    it('stores a step whole or not at all: one failing write keeps every other write of the request out', async () => {
      const work = new OidcUnitOfWork();
      const A = postgresAdapter(orm.em, clients, work);
      const id = randomUUID();
      await work.run(async () => {
        await new A('Grant').upsert(`g-${id}`, { accountId: 'a' }, 60);
        await new A('AccessToken').upsert(`at-${id}`, { grantId: `g-${id}` }, 60);
        work.defer('IssuedToken', id, {
          sql: `insert into "identity"."issued_token" ("id", "system_code", "grant_type", "scopes", "tokens", "issued_at")
                values (?::uuid, ?, ?, ?::text[], ?::text[], now())`,
          params: ['not a uuid', 'x', 'authorization_code', [], []],
        });
        await expect(work.flush((write) => executePrepared(orm.em, write))).rejects.toThrow();
      });
      const elsewhere = postgresAdapter(orm.em, clients);
      expect(await new elsewhere('Grant').find(`g-${id}`)).toBeUndefined();
      expect(await new elsewhere('AccessToken').find(`at-${id}`)).toBeUndefined();
    });
  });
});
