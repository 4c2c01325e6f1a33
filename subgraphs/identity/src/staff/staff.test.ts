import type { MikroORM } from '@mikro-orm/postgresql';
import { authenticator } from 'otplib';
import { CaptchaService } from '../captcha/captcha-service';
import { demoPassword, demoTotpSecret, seedDemoAccounts } from '../demo/demo-accounts';
import { errorCodeOf } from '../errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { RecoveryFlow } from '../recovery/recovery-flow.entity';
import { SignInEvent } from '../sign-in/sign-in-event.entity';
import { SignInService } from '../sign-in/sign-in-service';
import { citizenViewer, type GraphHarness, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, knowCaptcha, openTestDatabase, signedIn, testArgon2Cost } from '../testing/identity-test-kit';
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
      'DEPARTMENT_MANAGER',
      'ENTRY_CLERK',
      'ISSUING_CLERK',
      'REVIEW_CLERK',
      'SERVICE_AGENT',
    ]);
    const citizen = await orm.em.fork().findOneOrFail(User, { username: 'zhangsan' });
    expect(citizen).toMatchObject({ phoneMasked: '138****8000', verificationMethod: 'bank_four_elements' });
  });

  it('staff need the TOTP code after the right password; a wrong code is refused, and counts like a wrong password', async () => {
    expect(await codeOf(staffSignIn('review_clerk', 'Wrong-2026'))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(staffSignIn('review_clerk', demoPassword))).toBe('TOTP_REQUIRED');
    const wrong = authenticator.generate(demoTotpSecret) === '000000' ? '111111' : '000000';
    expect(await codeOf(staffSignIn('auditor', demoPassword, wrong))).toBe('TOTP_INVALID');
    expect(await codeOf(staffSignIn('review_clerk', demoPassword, wrong))).toBe('TOTP_INVALID');
    expect(await codeOf(staffSignIn('review_clerk', demoPassword, authenticator.generate(demoTotpSecret)))).toBe(
      'SIGN_IN_LOCKED',
    );
    const session = signedIn(await staffSignIn('auditor', demoPassword, authenticator.generate(demoTotpSecret)));
    expect(JSON.parse(Buffer.from(session.accessToken.split('.')[1] as string, 'base64url').toString())).toMatchObject({
      roles: ['AUDITOR'],
    });
  });

  it('staff sign in with password and TOTP code: a session whose token carries their roles', async () => {
    const session = signedIn(await staffSignIn('entry_clerk', demoPassword, authenticator.generate(demoTotpSecret)));
    const payload = JSON.parse(Buffer.from(session.accessToken.split('.')[1] as string, 'base64url').toString());
    expect(payload).toMatchObject({ kind: 'staff', roles: ['ENTRY_CLERK'] });
  });

  const changeTemporary = (ticket: string, newPassword: string, confirmPassword = newPassword) =>
    graph.execute(
      'mutation($input: TemporaryPasswordChangeInput!) { changeTemporaryPassword(input: $input) { status accessToken sessionId } }',
      undefined,
      { input: { ticket, newPassword, confirmPassword } },
    );
  const codesOf = (result: { errors?: readonly { extensions: Record<string, unknown> }[] }) =>
    result.errors?.map((e) => e.extensions.code);

  it('ID-18: a staff account an administrator creates signs in first with its temporary password, which leads only to setting a new one', async () => {
    const mutation = `mutation { createStaffAccount(input: { username: "new_clerk", displayName: "新办事员", roles: ["ENTRY_CLERK"] }) { initialPassword totpUri user { id username } } }`;
    for (const viewer of [citizenViewer(), staffViewer('AUDITOR'), staffViewer('REVIEW_CLERK')]) {
      expect((await graph.execute(mutation, viewer)).errors?.[0]?.extensions.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    const result = await graph.execute(mutation, staffViewer('ADMINISTRATOR'));
    expect(result.errors).toBeUndefined();
    const created = (
      result.data as { createStaffAccount: { initialPassword: string; totpUri: string; user: { id: string } } }
    ).createStaffAccount;
    const secret = new URL(created.totpUri).searchParams.get('secret') as string;

    const first = await staffSignIn('new_clerk', created.initialPassword, authenticator.generate(secret));
    expect(first).toMatchObject({ status: 'PASSWORD_CHANGE_REQUIRED', ticketExpiresIn: 600 });
    expect(first).not.toHaveProperty('accessToken');
    expect(await graph.services.sessions.list(created.user.id)).toEqual([]);
    const ticket = first.status === 'PASSWORD_CHANGE_REQUIRED' ? first.passwordChangeTicket : '';

    expect(codesOf(await changeTemporary(`${ticket}x`, 'Clerk-Own-2026'))).toEqual(['PASSWORD_CHANGE_TICKET_INVALID']);
    expect(codesOf(await changeTemporary(ticket, created.initialPassword))).toEqual(['PASSWORD_SAME_AS_CURRENT']);
    expect(codesOf(await changeTemporary(ticket, 'short'))).toEqual(['PASSWORD_TOO_SHORT']);
    expect(codesOf(await changeTemporary(ticket, 'Clerk-Own-2026', 'Clerk-Own-2027'))).toEqual([
      'PASSWORD_CONFIRMATION_MISMATCH',
    ]);
    const changed = await changeTemporary(ticket, 'Clerk-Own-2026');
    expect(changed.errors).toBeUndefined();
    expect(changed.data).toMatchObject({ changeTemporaryPassword: { status: 'SIGNED_IN' } });
    expect(codesOf(await changeTemporary(ticket, 'Clerk-Again-2026'))).toEqual(['PASSWORD_CHANGE_TICKET_INVALID']);

    expect(await codeOf(staffSignIn('new_clerk', created.initialPassword, authenticator.generate(secret)))).toBe(
      'INVALID_CREDENTIALS',
    );
    const again = await staffSignIn('new_clerk', 'Clerk-Own-2026', authenticator.generate(secret));
    expect(again.status).toBe('SIGNED_IN');
    const history = await orm.em.fork().find(SignInEvent, { userId: created.user.id }, { orderBy: { at: 'asc' } });
    expect(history.map((e) => e.outcome)).toEqual(
      expect.arrayContaining(['password_change_required', 'success', 'wrong_password']),
    );

    const bad = `mutation { createStaffAccount(input: { username: "x_clerk", displayName: "x", roles: ["KING"] }) { initialPassword } }`;
    expect((await graph.execute(bad, staffViewer('ADMINISTRATOR'))).errors?.[0]?.extensions.code).toBe(
      'STAFF_ACCOUNT_INVALID',
    );
  });

  it('ID-18: an administrator resets a staff password (and a lost second factor): sessions end, the temporary password leads to a new one, audited', async () => {
    const clerk = await orm.em.fork().findOneOrFail(User, { username: 'archive_clerk' });
    const open = signedIn(await staffSignIn('archive_clerk', demoPassword, authenticator.generate(demoTotpSecret)));
    const reset = `mutation { resetStaffPassword(userId: "${clerk.id}", newSecondFactor: true) { temporaryPassword totpUri user { username } } }`;
    for (const viewer of [citizenViewer(), staffViewer('AUDITOR'), staffViewer('SERVICE_AGENT')]) {
      expect(codesOf(await graph.execute(reset, viewer))?.[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    const administrator = staffViewer('ADMINISTRATOR');
    const result = await graph.execute(reset, administrator);
    expect(result.errors).toBeUndefined();
    const { temporaryPassword, totpUri } = (
      result.data as { resetStaffPassword: { temporaryPassword: string; totpUri: string } }
    ).resetStaffPassword;
    expect(await graph.services.sessions.isOpen(open.sessionId)).toBe(false);

    const newSecret = new URL(totpUri).searchParams.get('secret') as string;
    expect(await codeOf(staffSignIn('archive_clerk', demoPassword, authenticator.generate(newSecret)))).toBe(
      'INVALID_CREDENTIALS',
    );
    const oldCode = authenticator.generate(demoTotpSecret);
    if (oldCode !== authenticator.generate(newSecret)) {
      expect(await codeOf(staffSignIn('archive_clerk', temporaryPassword, oldCode))).toBe('TOTP_INVALID');
    }
    const first = await staffSignIn('archive_clerk', temporaryPassword, authenticator.generate(newSecret));
    expect(first.status).toBe('PASSWORD_CHANGE_REQUIRED');

    const actions = await graph.services.userManagement.actionsOn(clerk.id);
    expect(actions[0]).toMatchObject({
      action: 'reset_staff_password',
      actorId: administrator.kind !== 'anonymous' && administrator.subject,
    });
  });

  it('ID-18: staff do not use the citizens’ recovery; the citizens’ forced reset and the staff reset do not mix', async () => {
    const citizen = await orm.em.fork().findOneOrFail(User, { username: 'zhangsan' });
    const clerk = await orm.em.fork().findOneOrFail(User, { username: 'issuing_clerk' });
    const administrator = staffViewer('ADMINISTRATOR');
    expect(
      codesOf(
        await graph.execute(
          `mutation { resetStaffPassword(userId: "${citizen.id}") { temporaryPassword } }`,
          administrator,
        ),
      ),
    ).toEqual(['NOT_A_STAFF_ACCOUNT']);
    expect(
      codesOf(await graph.execute(`mutation { forcePasswordReset(userId: "${clerk.id}") { id } }`, administrator)),
    ).toEqual(['STAFF_PASSWORD_RESET_BY_ADMINISTRATOR']);

    const { id } = await graph.services.captcha.issue();
    const { flowId } = await graph.services.passwordRecovery.start({
      username: 'issuing_clerk',
      ...knowCaptcha(graph.services.protector, id),
    });
    const flow = await orm.em.fork().findOneOrFail(RecoveryFlow, { id: flowId });
    expect(flow.userId ?? null).toBeNull();
  });
});
