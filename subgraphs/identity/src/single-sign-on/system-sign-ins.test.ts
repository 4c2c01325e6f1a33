import type { MikroORM } from '@mikro-orm/postgresql';
import { Session } from '../sessions/session.entity';
import { openTestDatabase } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';
import { SystemSignIns } from './system-sign-ins';

describe('platform sessions behind provider sessions, and the business systems they signed in to (ID-17, issue 12 item 6)', () => {
  let orm: MikroORM;
  let signIns: SystemSignIns;
  let sessions: string[];

  beforeAll(async () => {
    orm = await openTestDatabase();
    signIns = new SystemSignIns(orm.em);
    const em = orm.em.fork();
    const user = em.create(User, { username: 'linked', kind: 'citizen', displayName: '连' });
    const expiresAt = new Date(Date.now() + 3_600_000);
    sessions = ['first', 'second'].map(
      (name) => em.create(Session, { userId: user.id, method: 'password', refreshDigest: name, expiresAt }).id,
    );
    await em.flush();
  });
  afterAll(() => orm.close());

  const linked = async () =>
    Object.fromEntries(
      (await orm.em.fork().find(Session, { id: { $in: sessions } })).map((s) => [s.id, s.ssoUid ?? null]),
    );
  const signedInTo = async (sessionId: string) =>
    (
      await orm.em
        .fork()
        .execute<{ system_code: string; sid: string }[]>(
          `select "system_code", "sid" from "identity"."system_sign_in" where "session_id" = ? order by "system_code"`,
          [sessionId],
        )
    ).map((r) => `${r.system_code}:${r.sid}`);

  it('moves a provider session to the platform session of a new sign-in, recording the system, in one statement', async () => {
    const [first, second] = sessions as [string, string];
    await signIns.link(first, 'provider-1', { systemCode: 'portal', subject: 'u', sid: 'sid-a' });
    expect(await linked()).toEqual({ [first]: 'provider-1', [second]: null });
    expect(await signedInTo(first)).toEqual(['portal:sid-a']);
    // The same browser signs in again (another account or the same): the uid moves, the unique index holds.
    await signIns.link(second, 'provider-1', { systemCode: 'pension', subject: 'u', sid: 'sid-b' });
    expect(await linked()).toEqual({ [first]: null, [second]: 'provider-1' });
    expect(await signedInTo(second)).toEqual(['pension:sid-b']);
    // A later sign-in to another system through the same provider session is recorded on the session it lives on.
    await signIns.record('provider-1', { systemCode: 'portal', subject: 'u', sid: 'sid-c' });
    expect(await signedInTo(second)).toEqual(['pension:sid-b', 'portal:sid-c']);
    // Linking alone (no system yet) moves it back.
    await signIns.link(first, 'provider-1');
    expect(await linked()).toEqual({ [first]: 'provider-1', [second]: null });
  });

  it('records nothing on a revoked platform session', async () => {
    const [first] = sessions as [string, string];
    await orm.em.fork().nativeUpdate(Session, { id: first }, { revokedAt: new Date() });
    await signIns.link(first, 'provider-2', { systemCode: 'revoked-case', subject: 'u', sid: 'sid-d' });
    expect(await signedInTo(first)).not.toContain('revoked-case:sid-d');
  });
});
