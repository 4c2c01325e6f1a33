import type { MikroORM } from '@mikro-orm/postgresql';
import { CaptchaService } from '../captcha/captcha-service';
import { errorCodeOf } from '../errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionService } from '../sessions/session-service';
import { SignInService } from '../sign-in/sign-in-service';
import {
  capturedLogger,
  openTestDatabase,
  signedIn,
  testArgon2Cost,
  testProtector,
  testTokenIssuer,
} from '../testing/identity-test-kit';
import { User } from '../users/user.entity';
import { UserManagement } from './user-management';

const password = 'Secret-2024';

describe('user comprehensive management (ID-18)', () => {
  let orm: MikroORM;
  let management: UserManagement;
  let sessions: SessionService;
  let signIn: SignInService;
  let captcha: CaptchaService;
  let user: User;
  const admin = 'admin-staff-1';
  const protector = testProtector();
  const hasher = new PasswordHasher(testArgon2Cost);
  const { log } = capturedLogger();
  const solved = async () => ({ captchaId: (await captcha.issue()).id, captchaAnswer: 'abcd' });
  const signInCode = async () =>
    signIn.signIn({ username: 'zhangsan', password, ...(await solved()) }).then(
      () => 'ok',
      (e: unknown) => errorCodeOf(e),
    );

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    const tokens = testTokenIssuer(orm, protector);
    sessions = new SessionService(orm.em, tokens, protector);
    captcha = new CaptchaService(orm.em, protector, undefined, () => ({ text: 'abcd', data: '<svg/>' }));
    signIn = new SignInService({
      em: orm.em,
      hasher,
      captcha,
      sessions,
      protector,
      log,
      legacyIdSignInUntil: new Date(0),
    });
    management = new UserManagement(orm.em, protector, sessions);
    const em = orm.em.fork();
    user = em.create(User, {
      username: 'zhangsan',
      kind: 'citizen',
      displayName: '张三',
      passwordHash: await hasher.hash(password),
      idType: 'RESIDENT_ID_CARD',
      idNumberIndex: protector.index('idNumber', 'RESIDENT_ID_CARD:440303198503121239'),
      idNumberMasked: '4403**********1239',
      phoneIndex: protector.index('phone', '13800138000'),
      phoneMasked: '138****8000',
    });
    em.create(User, { username: 'lisi', kind: 'citizen', displayName: '李四' });
    await em.flush();
  });
  afterAll(() => orm.close());

  it.each([
    ['username', { username: 'ZhangSan' }],
    ['name', { name: '张三' }],
    ['phone', { phone: '138 0013 8000' }],
    ['ID number (exact, through the keyed index)', { idNumber: '440303198503121239' }],
  ])('finds a user by %s', async (_field, terms) => {
    expect((await management.search(admin, terms)).map((u) => u.id)).toEqual([user.id]);
  });

  it('finds nothing by a partial ID number or with no terms', async () => {
    expect(await management.search(admin, { idNumber: '4403031985' })).toEqual([]);
    expect(await management.search(admin, {})).toEqual([]);
  });

  it('shows verification data masked and the sign-in history', async () => {
    await signInCode();
    const { user: found, signIns } = await management.history(admin, user.id);
    expect(found).toMatchObject({ idNumberMasked: '4403**********1239', phoneMasked: '138****8000' });
    expect(signIns.map((e) => e.outcome)).toContain('success');
  });

  it('locks (ending sessions) and unlocks an account', async () => {
    const session = signedIn(await signIn.signIn({ username: 'zhangsan', password, ...(await solved()) }));
    await management.lock(admin, user.id);
    expect(await sessions.isOpen(session.sessionId)).toBe(false);
    expect(await signInCode()).toBe('INVALID_CREDENTIALS');
    await management.unlock(admin, user.id);
    expect(await signInCode()).toBe('ok');
  });

  it('forces a password reset: sign-in is refused until recovery sets a new password', async () => {
    await management.forcePasswordReset(admin, user.id);
    expect(await signInCode()).toBe('PASSWORD_RESET_REQUIRED');
  });

  it('ends all sessions of a user', async () => {
    const em = orm.em.fork();
    await em.nativeUpdate(User, { id: user.id }, { passwordResetRequired: false });
    const a = signedIn(await signIn.signIn({ username: 'zhangsan', password, ...(await solved()) }));
    expect(await management.endSessions(admin, user.id)).toBeGreaterThanOrEqual(1);
    expect(await sessions.isOpen(a.sessionId)).toBe(false);
  });

  it('audits every action with the acting staff member, and never the searched values', async () => {
    const actions = await management.actionsOn(user.id);
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set(['view', 'lock', 'unlock', 'force_password_reset', 'end_sessions']),
    );
    expect(actions.every((a) => a.actorId === admin)).toBe(true);
    const searches = await orm.em
      .fork()
      .getConnection()
      .execute(`select * from "identity"."admin_action" where action = 'search'`);
    expect(searches.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(searches)).not.toContain('440303198503121239');
  });

  it('refuses unknown users', async () => {
    expect(
      await management.lock(admin, '00000000-0000-0000-0000-000000000000').then(
        () => undefined,
        (e: unknown) => errorCodeOf(e),
      ),
    ).toBe('USER_NOT_FOUND');
  });
});
