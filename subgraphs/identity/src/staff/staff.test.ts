import type { MikroORM } from '@mikro-orm/postgresql';
import { authenticator } from 'otplib';
import { CaptchaService } from '../captcha/captcha-service';
import { demoPassword, demoTotpSecret, seedDemoAccounts } from '../demo/demo-accounts';
import { errorCodeOf } from '../errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { SignInService } from '../sign-in/sign-in-service';
import { citizenViewer, type GraphHarness, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, openTestDatabase, testArgon2Cost } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';

describe('staff accounts: password + TOTP (RFC 6238), roles in the token', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  const { log } = capturedLogger();

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    graph = await startGraphHarness(orm, log);
    await seedDemoAccounts(orm.em, { hasher: new PasswordHasher(testArgon2Cost), protector: graph.services.protector });
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  /** A sign-in service over the harness's sessions, with a captcha whose answer the test knows. */
  async function staffSignIn(username: string, password: string, totpCode?: string) {
    const { protector, sessions } = graph.services;
    const captcha = new CaptchaService(orm.em, protector, undefined, () => ({ text: 'abcd', data: '<svg/>' }));
    const signIn = new SignInService({
      em: orm.em,
      hasher: new PasswordHasher(testArgon2Cost),
      captcha,
      sessions,
      protector,
      log,
      legacyIdSignInUntil: new Date(0),
    });
    const { id } = await captcha.issue();
    return signIn.signIn({ username, password, captchaId: id, captchaAnswer: 'abcd', totpCode });
  }
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: unknown) => errorCodeOf(e),
    );

  it('the demo data has one staff account per role, and a verified demo citizen', async () => {
    const staff = await orm.em.fork().find(User, { kind: 'staff' });
    expect(staff.flatMap((s) => s.roles).sort()).toEqual([
      'ADMINISTRATOR',
      'AGENCY_APPROVER',
      'ARCHIVE_CLERK',
      'AUDITOR',
      'ENTRY_CLERK',
      'ISSUING_CLERK',
      'REVIEW_CLERK',
      'SERVICE_AGENT',
    ]);
    const citizen = await orm.em.fork().findOneOrFail(User, { username: 'zhangsan' });
    expect(citizen).toMatchObject({ phoneMasked: '138****8000', verificationMethod: 'bank_four_elements' });
  });

  it('staff need the TOTP code after the right password; a wrong code is refused', async () => {
    expect(await codeOf(staffSignIn('review_clerk', demoPassword))).toBe('TOTP_REQUIRED');
    expect(await codeOf(staffSignIn('review_clerk', 'Wrong-2026'))).toBe('INVALID_CREDENTIALS');
    const wrong = authenticator.generate(demoTotpSecret) === '000000' ? '111111' : '000000';
    expect(await codeOf(staffSignIn('review_clerk', demoPassword, wrong))).toBe('TOTP_INVALID');
    const signedIn = await staffSignIn('review_clerk', demoPassword, authenticator.generate(demoTotpSecret));
    const payload = JSON.parse(Buffer.from(signedIn.accessToken.split('.')[1] as string, 'base64url').toString());
    expect(payload).toMatchObject({ kind: 'staff', roles: ['REVIEW_CLERK'] });
  });

  it('administrators create staff accounts; the second factor is set up from the returned URI', async () => {
    const mutation = `mutation { createStaffAccount(input: { username: "new_clerk", displayName: "新办事员", roles: ["ENTRY_CLERK"] }) { initialPassword totpUri user { username } } }`;
    for (const viewer of [citizenViewer(), staffViewer('AUDITOR'), staffViewer('REVIEW_CLERK')]) {
      expect((await graph.execute(mutation, viewer)).errors?.[0]?.extensions.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    const result = await graph.execute(mutation, staffViewer('ADMINISTRATOR'));
    expect(result.errors).toBeUndefined();
    const created = (result.data as { createStaffAccount: { initialPassword: string; totpUri: string } })
      .createStaffAccount;
    const secret = new URL(created.totpUri).searchParams.get('secret') as string;
    const signedIn = await staffSignIn('new_clerk', created.initialPassword, authenticator.generate(secret));
    expect(signedIn.accessToken).toBeTruthy();
    const bad = `mutation { createStaffAccount(input: { username: "x_clerk", displayName: "x", roles: ["KING"] }) { initialPassword } }`;
    expect((await graph.execute(bad, staffViewer('ADMINISTRATOR'))).errors?.[0]?.extensions.code).toBe(
      'STAFF_ACCOUNT_INVALID',
    );
  });
});
