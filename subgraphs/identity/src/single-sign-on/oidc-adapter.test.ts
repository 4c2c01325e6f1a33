import type { MikroORM } from '@mikro-orm/postgresql';
import { openTestDatabase } from '../testing/identity-test-kit';
import { postgresAdapter, purgeExpiredOidcRecords } from './oidc-adapter';

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
});
