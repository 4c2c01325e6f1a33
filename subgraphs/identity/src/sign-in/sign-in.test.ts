import type { MikroORM } from '@mikro-orm/postgresql';
import { withScope } from '@tessera/kit';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { CaptchaService } from '../captcha/captcha-service';
import { errorCodeOf } from '../errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionService } from '../sessions/session-service';
import {
  CountingHasher,
  capturedLogger,
  openTestDatabase,
  signedIn,
  testArgon2Cost,
  testProtector,
  testTokenIssuer,
} from '../testing/identity-test-kit';
import type { TokenIssuer } from '../tokens/token-issuer';
import { User } from '../users/user.entity';
import { LoginThrottle } from './login-throttle';
import { PasswordChange } from './password-change';
import { SignInEvent } from './sign-in-event.entity';
import { SignInService } from './sign-in-service';
import { SignInThrottle } from './sign-in-throttle.entity';

const password = 'Secret-2024';
const answer = 'k7Pq';

describe('sign-in (ID-10, ID-11, ID-15)', () => {
  let orm: MikroORM;
  let tokens: TokenIssuer;
  let captcha: CaptchaService;
  let sessions: SessionService;
  let signIn: SignInService;
  let passwordChange: PasswordChange;
  let zhangsan: User;
  const protector = testProtector();
  const hasher = new PasswordHasher(testArgon2Cost);
  const { log, lines } = capturedLogger();
  const legacyUntil = new Date('2030-01-01T00:00:00Z');

  async function solved(at?: Date) {
    const issued = await captcha.issue(at);
    return { captchaId: issued.id, captchaAnswer: answer };
  }

  async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; seconds?: unknown }> {
    const error = (await promise.then(
      () => undefined,
      (e: unknown) => e,
    )) as { extensions?: { seconds?: unknown } } | undefined;
    return { code: errorCodeOf(error), seconds: error?.extensions?.seconds };
  }

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    tokens = testTokenIssuer(orm, protector, { issuer: 'urn:test', audience: 'urn:test:graph' });
    captcha = new CaptchaService(orm.em, protector, undefined, () => ({ text: answer, data: '<svg/>' }));
    sessions = new SessionService(orm.em, tokens, protector);
    signIn = new SignInService({
      em: orm.em,
      hasher,
      captcha,
      sessions,
      protector,
      log,
      legacyIdSignInUntil: legacyUntil,
    });
    passwordChange = new PasswordChange(orm.em, hasher, signIn, sessions, new LoginThrottle(protector));
    const em = orm.em.fork();
    zhangsan = em.create(User, {
      username: 'zhangsan',
      kind: 'citizen',
      displayName: '张三',
      passwordHash: await hasher.hash(password),
      idType: 'RESIDENT_ID_CARD',
      idNumberIndex: protector.index('idNumber', 'RESIDENT_ID_CARD:440303198503121239'),
    });
    em.create(User, {
      username: 'wangwu',
      kind: 'citizen',
      displayName: '王五',
      passwordHash: await hasher.hash(password),
    });
    em.create(User, {
      username: 'lisi',
      kind: 'citizen',
      displayName: '李四',
      passwordHash: await hasher.hash(password),
    });
    em.create(User, {
      username: 'locked_by_admin',
      kind: 'citizen',
      displayName: '锁定',
      passwordHash: await hasher.hash(password),
      lockedAt: new Date(),
    });
    await em.flush();
  });
  afterAll(() => orm.close());

  it('ID-10: username + password + captcha give an ES256 access token and a refresh token', async () => {
    const session = signedIn(await signIn.signIn({ username: 'ZhangSan', password, ...(await solved()) }));
    const { payload } = await jwtVerify(session.accessToken, createLocalJWKSet(await tokens.keySet()), {
      issuer: 'urn:test',
      audience: 'urn:test:graph',
    });
    expect(payload).toMatchObject({ sub: zhangsan.id, kind: 'citizen', sid: session.sessionId });
    expect(session.refreshToken.startsWith(`${session.sessionId}.`)).toBe(true);
    const rows = await orm.em.fork().getConnection().execute('select * from "identity"."session"');
    expect(JSON.stringify(rows)).not.toContain(session.refreshToken.split('.')[1]);
  });

  it('ID-10: the captcha is required, and is single use', async () => {
    expect(
      await errorOf(signIn.signIn({ username: 'zhangsan', password, captchaId: 'none', captchaAnswer: answer })),
    ).toEqual({
      code: 'CAPTCHA_INVALID',
      seconds: undefined,
    });
    const once = await solved();
    await signIn.signIn({ username: 'zhangsan', password, ...once });
    expect((await errorOf(signIn.signIn({ username: 'zhangsan', password, ...once }))).code).toBe('CAPTCHA_INVALID');
  });

  it('ID-10: issuing a captcha touches no table; a successful sign-in costs two statements, captcha included', async () => {
    const scope = { requestId: 'sign-in-cost', locale: 'zh-CN' as const, log, sqlStatements: 0 };
    const answered = await withScope(scope, solved);
    expect(scope.sqlStatements).toBe(0);
    await withScope(scope, () => signIn.signIn({ username: 'zhangsan', password, ...answered }));
    expect(scope.sqlStatements).toBe(2);
  });

  it('ID-10: an unknown username and a wrong password get the same answer', async () => {
    const unknown = await errorOf(signIn.signIn({ username: 'nobody_here', password, ...(await solved()) }));
    const wrong = await errorOf(signIn.signIn({ username: 'lisi', password: 'Wrong-2024', ...(await solved()) }));
    expect(unknown).toEqual({ code: 'INVALID_CREDENTIALS', seconds: undefined });
    expect(wrong).toEqual(unknown);
  });

  it('ID-10: repeated failures delay, then lock, known and unknown names alike; success resets', async () => {
    for (const username of ['wangwu', 'ghost_user']) {
      const start = new Date(Date.now() + 3_600_000 * (username === 'wangwu' ? 1 : 2));
      const at = (s: number) => new Date(start.getTime() + s * 1000);
      const attempt = async (s: number, pw = 'Wrong-2024') =>
        errorOf(signIn.signIn({ username, password: pw, ...(await solved(at(s))) }, at(s)));
      expect((await attempt(0)).code).toBe('INVALID_CREDENTIALS');
      expect((await attempt(1)).code).toBe('INVALID_CREDENTIALS');
      expect((await attempt(2)).code).toBe('INVALID_CREDENTIALS');
      expect(await attempt(3)).toEqual({ code: 'SIGN_IN_LOCKED', seconds: 4 });
      expect((await attempt(8)).code).toBe('INVALID_CREDENTIALS');
      expect(await attempt(9)).toEqual({ code: 'SIGN_IN_LOCKED', seconds: 29 });
      expect((await attempt(40)).code).toBe('INVALID_CREDENTIALS');
      expect(await attempt(41, password)).toEqual({ code: 'SIGN_IN_LOCKED', seconds: 899 });
      if (username === 'wangwu') {
        await signIn.signIn({ username, password, ...(await solved(at(941))) }, at(941));
        expect((await attempt(942)).code).toBe('INVALID_CREDENTIALS');
      }
    }
  });

  it('ID-10: 40 wrong passwords at once reach argon2 at most 3 times; the count is exact and the lock holds', async () => {
    const counting = new CountingHasher();
    const racing = new SignInService({
      em: orm.em,
      hasher: counting,
      captcha,
      sessions,
      protector,
      log,
      legacyIdSignInUntil: legacyUntil,
    });
    for (const username of ['lisi', 'racing_ghost']) {
      const now = new Date(Date.now() + 86_400_000 * (username === 'lisi' ? 1 : 2));
      const captchas = await Promise.all(Array.from({ length: 40 }, () => solved(now)));
      counting.verifications = 0;
      const answers = await Promise.all(
        captchas.map(async (c) => (await errorOf(racing.signIn({ username, password: 'Wrong-2024', ...c }, now))).code),
      );
      expect(counting.verifications).toBeLessThanOrEqual(3);
      expect(answers.filter((a) => a === 'INVALID_CREDENTIALS')).toHaveLength(counting.verifications);
      expect(answers.filter((a) => a === 'SIGN_IN_LOCKED')).toHaveLength(40 - counting.verifications);
      const throttle = await orm.em
        .fork()
        .findOneOrFail(SignInThrottle, { loginKey: protector.digest('sign-in', `username:${username}`) });
      expect(throttle.failures).toBe(3);
      expect(throttle.lockedUntil?.getTime()).toBe(now.getTime() + 5000);
    }
    const later = new Date(Date.now() + 86_400_000 + 6000);
    signedIn(await racing.signIn({ username: 'lisi', password, ...(await solved(later)) }, later));
    expect(await orm.em.fork().count(SignInThrottle, { loginKey: protector.digest('sign-in', 'username:lisi') })).toBe(
      0,
    );
  });

  it('ID-10: a wrong captcha answer counts no attempt', async () => {
    const now = new Date(Date.now() + 86_400_000 * 3);
    for (let i = 0; i < 5; i++) {
      const { captchaId } = await solved(now);
      const refused = signIn.signIn(
        { username: 'captcha_ghost', password: 'Wrong-2024', captchaId, captchaAnswer: 'nope' },
        now,
      );
      expect((await errorOf(refused)).code).toBe('CAPTCHA_INVALID');
    }
    expect(
      await orm.em.fork().count(SignInThrottle, { loginKey: protector.digest('sign-in', 'username:captcha_ghost') }),
    ).toBe(0);
  });

  it('ID-18: an account locked by an administrator cannot sign in, and the history records it', async () => {
    expect((await errorOf(signIn.signIn({ username: 'locked_by_admin', password, ...(await solved()) }))).code).toBe(
      'INVALID_CREDENTIALS',
    );
    const events = await orm.em.fork().find(SignInEvent, { userId: zhangsan.id });
    expect(events.map((e) => e.outcome)).toContain('success');
  });

  it('refresh tokens rotate; reusing a rotated one ends the session', async () => {
    const first = signedIn(await signIn.signIn({ username: 'zhangsan', password, ...(await solved()) }));
    const load = (id: string) => orm.em.fork().findOne(User, { id });
    const second = await sessions.refresh(first.refreshToken, load);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await errorOf(sessions.refresh(first.refreshToken, load))).code).toBe('SESSION_INVALID');
    expect((await errorOf(sessions.refresh(second.refreshToken, load))).code).toBe('SESSION_INVALID');
    expect(await sessions.isOpen(first.sessionId)).toBe(false);
  });

  it('sessions are listed and revocable', async () => {
    const session = signedIn(await signIn.signIn({ username: 'zhangsan', password, ...(await solved()) }));
    expect((await sessions.list(zhangsan.id)).map((s) => s.id)).toContain(session.sessionId);
    expect(await sessions.revoke(zhangsan.id, session.sessionId, 'signed out')).toBe(true);
    expect((await sessions.list(zhangsan.id)).map((s) => s.id)).not.toContain(session.sessionId);
  });

  it('ID-11: sign-in by ID number works until LEGACY_ID_LOGIN_UNTIL, then points to registration', async () => {
    const before = new Date(legacyUntil.getTime() - 1000);
    const legacy = signedIn(
      await signIn.signInByIdNumber({ idNumber: '440303198503121239', password, ...(await solved(before)) }, before),
    );
    expect(legacy.accessToken).toBeTruthy();
    expect(
      (
        await errorOf(
          signIn.signInByIdNumber({ idNumber: '440303198503121239', password, ...(await solved()) }, legacyUntil),
        )
      ).code,
    ).toBe('LEGACY_SIGN_IN_ENDED');
  });

  it('ID-15: the new password must differ; on success every session ends and the new password signs in', async () => {
    const a = signedIn(await signIn.signIn({ username: 'zhangsan', password, ...(await solved()) }));
    const b = signedIn(await signIn.signIn({ username: 'zhangsan', password, ...(await solved()) }));
    const change = async (currentPassword: string, newPassword: string) =>
      passwordChange.change(zhangsan.id, {
        currentPassword,
        newPassword,
        confirmPassword: newPassword,
        ...(await solved()),
      });
    expect((await errorOf(change(password, password))).code).toBe('PASSWORD_SAME_AS_CURRENT');
    expect((await errorOf(change('Wrong-2024', 'Newer-2025'))).code).toBe('CURRENT_PASSWORD_WRONG');
    expect(await change(password, 'Newer-2025')).toBeGreaterThanOrEqual(2);
    expect(await sessions.isOpen(a.sessionId)).toBe(false);
    expect(await sessions.isOpen(b.sessionId)).toBe(false);
    expect((await errorOf(signIn.signIn({ username: 'zhangsan', password, ...(await solved()) }))).code).toBe(
      'INVALID_CREDENTIALS',
    );
    await signIn.signIn({ username: 'zhangsan', password: 'Newer-2025', ...(await solved()) });
  });

  it('ID-15: 20 wrong current passwords at once reach argon2 at most 3 times', async () => {
    const counting = new CountingHasher();
    const changing = new PasswordChange(orm.em, counting, signIn, sessions, new LoginThrottle(protector));
    const lisi = await orm.em.fork().findOneOrFail(User, { username: 'lisi' });
    const attempts = await Promise.all(Array.from({ length: 20 }, () => solved()));
    const answers = await Promise.all(
      attempts.map(
        async (captchaAnswer) =>
          (
            await errorOf(
              changing.change(lisi.id, {
                currentPassword: 'Wrong-2024',
                newPassword: 'Newer-2025',
                confirmPassword: 'Newer-2025',
                ...captchaAnswer,
              }),
            )
          ).code,
      ),
    );
    expect(counting.verifications).toBeLessThanOrEqual(3);
    expect(answers.filter((a) => a === 'CURRENT_PASSWORD_WRONG')).toHaveLength(counting.verifications);
    expect(answers.filter((a) => a === 'ATTEMPTS_LOCKED')).toHaveLength(20 - counting.verifications);
  });

  it('logs no password', () => {
    expect(lines.join('\n')).not.toContain(password);
  });
});
