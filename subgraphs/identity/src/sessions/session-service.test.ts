import type { MikroORM } from '@mikro-orm/postgresql';
import { decodeJwt } from 'jose';
import { openTestDatabase, testProtector, testTokenIssuer } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';
import { Session } from './session.entity';
import { SessionService } from './session-service';

describe('sessions and their access tokens (ID-15)', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openTestDatabase();
  });
  afterAll(() => orm.close());

  it('an access token never outlives its session, so no process accepts a token identity refuses as ended', async () => {
    const protector = testProtector();
    const sessions = new SessionService(orm.em, testTokenIssuer(orm, protector), protector, {
      ttlSeconds: 120,
      accessTokenTtlSeconds: 900,
    });
    const em = orm.em.fork();
    const user = em.create(User, { username: 'short_session', kind: 'citizen', displayName: '张三' });
    await em.flush();
    const opened = await sessions.open(user, 'password');
    const session = await orm.em.fork().findOneOrFail(Session, { id: opened.sessionId });
    const expiry = (token: string) => (decodeJwt(token).exp as number) * 1000;
    expect(expiry(opened.accessToken)).toBeLessThanOrEqual(session.expiresAt.getTime());
    expect(opened.expiresIn).toBeLessThanOrEqual(120);

    // Refreshed late in the session: the token ends with it.
    const late = new Date(session.expiresAt.getTime() - 30_000);
    const refreshed = await sessions.refresh(opened.refreshToken, (id) => orm.em.fork().findOne(User, { id }), late);
    expect(refreshed.expiresIn).toBe(30);

    // A long session keeps the full access-token lifetime.
    const long = new SessionService(orm.em, testTokenIssuer(orm, protector), protector);
    expect((await long.open(user, 'password')).expiresIn).toBe(900);
  });
});
