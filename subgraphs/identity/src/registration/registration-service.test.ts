import type { MikroORM } from '@mikro-orm/postgresql';
import { identityErrors } from '@tessera/kit';
import { BankCatalogue } from '../banks/bank-catalogue';
import { CaptchaService } from '../captcha/captcha-service';
import { errorCodeOf } from '../errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { type RunningSandboxBank, startSandboxBank } from '../sandbox-bank/sandbox-bank';
import { SmsCodes } from '../sms/sms-codes';
import { SmsDispatcher } from '../sms/sms-dispatcher';
import { SmsMessage } from '../sms/sms-message.entity';
import { SmsOutbox } from '../sms/sms-outbox';
import type { OutgoingSms } from '../sms/sms-sender';
import { capturedLogger, openTestDatabase, testArgon2Cost, testProtector } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';
import { HttpBankVerifier } from '../verification/http-bank-verifier';
import { VerificationEvent } from '../verification/verification-event.entity';
import { RegistrationFlow } from './registration-flow.entity';
import { type IdentityInfo, maxBankChecks, RegistrationService, type VerificationInfo } from './registration-service';

/** Step 3 as typed in, before the captcha. */
type CardInfo = Omit<VerificationInfo, 'captchaId' | 'captchaAnswer'>;

const people = {
  zhangsan: {
    identity: { name: '张三', idType: 'RESIDENT_ID_CARD', idNumber: '440303198503121239' },
    verification: { bankCode: 'ICBC', cardNumber: '6222020000000001230', phone: '13800138000' },
  },
  lisi: {
    identity: { name: '李四', idType: 'RESIDENT_ID_CARD', idNumber: '44030419900101002x' },
    verification: { bankCode: 'CCB', cardNumber: '6217000000000001234', phone: '15013442050' },
  },
  wangwu: {
    identity: { name: '王五', idType: 'RESIDENT_ID_CARD', idNumber: '440305200002294513' },
    verification: { bankCode: 'ABC', cardNumber: '6228480000000001230', phone: '19912345678' },
  },
  qianqi: {
    identity: { name: '钱七', idType: 'RESIDENT_ID_CARD', idNumber: '440307196612080348' },
    verification: { bankCode: 'PAB', cardNumber: '6230580000000001235', phone: '13912345678' },
  },
} satisfies Record<string, { identity: IdentityInfo; verification: CardInfo }>;

const password = 'Secret-2024';

describe('RegistrationService (ID-1..ID-8)', () => {
  let orm: MikroORM;
  let bank: RunningSandboxBank;
  let verifier: HttpBankVerifier;
  let registration: RegistrationService;
  let dispatcher: SmsDispatcher;
  let captcha: CaptchaService;
  const captchaAnswer = 'k7Pq';
  const sent: OutgoingSms[] = [];
  const { log, lines } = capturedLogger();

  /** A registration service that verifies through `verifyingBank`. */
  function registrationVia(url: string): { service: RegistrationService; verifier: HttpBankVerifier } {
    const protector = sharedProtector;
    const made = new HttpBankVerifier({ url, log, timeoutMs: 300, retries: 1, backoffMs: 5 });
    // The sandbox has few people, so tests send them several codes: the limits have their own tests.
    const outbox = new SmsOutbox(protector, { phoneIntervalSeconds: 0, phonePerDay: 100, clientPerHour: 100 });
    const service = new RegistrationService({
      em: orm.em,
      protector,
      hasher: new PasswordHasher(testArgon2Cost),
      banks: new BankCatalogue(orm.em),
      verifier: made,
      captcha,
      outbox,
      codes: new SmsCodes(orm.em, outbox, protector),
      log,
    });
    return { service, verifier: made };
  }

  const sharedProtector = testProtector();

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    captcha = new CaptchaService(orm.em, sharedProtector, undefined, () => ({ text: captchaAnswer, data: '<svg/>' }));
    bank = await startSandboxBank({ port: 0 });
    ({ service: registration, verifier } = registrationVia(bank.url));
    dispatcher = new SmsDispatcher(orm.em, { send: async (m) => void sent.push(m) }, sharedProtector, { log });
    const em = orm.em.fork();
    em.create(User, { username: 'taken_name', kind: 'citizen', displayName: '已注册' });
    await em.flush();
  });
  afterEach(() => bank.behave({ latencyMs: 0, failing: false }));
  afterAll(async () => {
    verifier.close();
    await bank.close();
    await orm.close();
  });

  /** Step 3's "send code" with a freshly solved captcha (ID-10). */
  async function send(flowId: string, card: CardInfo, clientIp?: string, service = registration) {
    return service.sendCode(flowId, { ...card, captchaId: (await captcha.issue()).id, captchaAnswer }, clientIp);
  }

  /** The last code sent to the phone, as the person reads it. */
  async function codeSentTo(phone: string): Promise<string> {
    await dispatcher.dispatchDue();
    const message = sent.filter((m) => m.phone === phone).at(-1);
    const code = message && /验证码(\d{6})/.exec(message.text)?.[1];
    if (!code) throw new Error(`no code was sent to ${phone}`);
    return code;
  }

  async function flowAtStep3(username: string, person: (typeof people)[keyof typeof people]) {
    const flow = await registration.start();
    await registration.submitLogin(flow.id, { username, password, confirmPassword: password });
    await registration.submitIdentity(flow.id, person.identity);
    return flow.id;
  }

  async function userCount(): Promise<number> {
    return orm.em.fork().count(User, {});
  }

  it('ID-1, ID-3: three steps, the code goes to the bank-reserved phone, the account exists only after it', async () => {
    const flow = await registration.start();
    expect(flow).toMatchObject({ step: 'login', passwordSet: false });
    const step2 = await registration.submitLogin(flow.id, {
      username: 'ZhangSan2024',
      password,
      confirmPassword: password,
    });
    expect(step2).toMatchObject({ step: 'identity', username: 'zhangsan2024', passwordSet: true });
    const step3 = await registration.submitIdentity(flow.id, people.zhangsan.identity);
    expect(step3).toMatchObject({ step: 'verification', idNumber: '440303198503121239' });
    const sending = await send(flow.id, people.zhangsan.verification, '10.0.0.1');
    expect(sending).toMatchObject({ bankVerified: true, sms: { state: 'queued', retryInSeconds: 0 } });
    expect(await orm.em.fork().count(User, { username: 'zhangsan2024' })).toBe(0);
    const code = await codeSentTo('13800138000');
    expect((await registration.get(flow.id)).sms).toMatchObject({ state: 'sent' });

    const registered = await registration.complete(flow.id, code);
    const user = await orm.em
      .fork()
      .findOneOrFail(User, { id: registered.userId }, { populate: ['passwordHash', 'idNumberSealed'] });
    expect(user).toMatchObject({
      username: 'zhangsan2024',
      kind: 'citizen',
      displayName: '张三',
      idType: 'RESIDENT_ID_CARD',
      idNumberMasked: '4403**********1239',
      cardNumberMasked: '6222 **** **** 1230',
      phoneMasked: '138****8000',
      bankCode: 'ICBC',
      verificationMethod: 'bank_four_elements',
    });
    expect(user.verifiedAt).toBeInstanceOf(Date);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await registration.get(flow.id)).step).toBe('completed');
    const history = await orm.em.fork().find(VerificationEvent, { userId: registered.userId });
    expect(history.map((e) => [e.reason, e.bankCode, e.outcome])).toEqual([['registration', 'ICBC', 'verified']]);
  });

  it('ID-8: no ID number, card number or phone in clear in the tables or the logs of a registration', async () => {
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute(`select u.*, f.* from "identity"."user" u, "identity"."registration_flow" f`);
    const text = JSON.stringify(rows) + lines.join('\n');
    for (const secret of ['440303198503121239', '6222020000000001230', '13800138000', password]) {
      expect(text).not.toContain(secret);
    }
    expect(lines.join('\n')).toContain('citizen registered');
  });

  it('ID-1: "previous step" keeps the entered values, and steps only go in order', async () => {
    const flow = await registration.start();
    await expect(registration.submitIdentity(flow.id, people.lisi.identity)).rejects.toMatchObject({
      extensions: { code: 'REGISTRATION_STEP_INVALID' },
    });
    await registration.submitLogin(flow.id, { username: 'back_and_forth', password, confirmPassword: password });
    await registration.submitIdentity(flow.id, people.lisi.identity);
    const back = await registration.back(flow.id);
    expect(back).toMatchObject({
      step: 'identity',
      name: '李四',
      idType: 'RESIDENT_ID_CARD',
      idNumber: '44030419900101002X',
    });
    const first = await registration.back(flow.id);
    expect(first).toMatchObject({ step: 'login', username: 'back_and_forth', passwordSet: true });
    const again = await registration.submitLogin(flow.id, { username: 'back_and_forth' });
    expect(again).toMatchObject({ step: 'identity', name: '李四' });
  });

  it('ID-2: a taken username is refused at step 1 with 「用户名已被使用」', async () => {
    const flow = await registration.start();
    const error = await registration
      .submitLogin(flow.id, { username: 'Taken_Name', password, confirmPassword: password })
      .catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe('USERNAME_TAKEN');
    expect(identityErrors.USERNAME_TAKEN.messages['zh-CN']).toBe('用户名已被使用');
    expect((await registration.get(flow.id)).step).toBe('login');
  });

  it('ID-1: step 1 applies the password policy and the confirmation', async () => {
    const flow = await registration.start();
    await expect(
      registration.submitLogin(flow.id, { username: 'weakling', password: 'weakling', confirmPassword: 'weakling' }),
    ).rejects.toMatchObject({ extensions: { code: 'PASSWORD_TOO_SIMPLE' } });
    await expect(
      registration.submitLogin(flow.id, { username: 'weakling', password, confirmPassword: `${password}x` }),
    ).rejects.toMatchObject({ extensions: { code: 'PASSWORD_CONFIRMATION_MISMATCH' } });
  });

  it('ID-4: identity data that the bank does not match gives ID-4 and creates nothing; correcting it works', async () => {
    const flowId = await flowAtStep3('qianqi_user', people.qianqi);
    await registration.back(flowId);
    await registration.submitIdentity(flowId, { ...people.qianqi.identity, name: '钱八' });
    const before = await userCount();
    const error = await send(flowId, people.qianqi.verification).catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe('IDENTITY_MISMATCH');
    expect(identityErrors.IDENTITY_MISMATCH.messages['zh-CN']).toBe('人员姓名或证件类型或证件号与银行登记不匹配');
    expect(await userCount()).toBe(before);
    await registration.back(flowId);
    await registration.submitIdentity(flowId, people.qianqi.identity);
    expect(await send(flowId, people.qianqi.verification)).toMatchObject({ bankVerified: true });
  });

  it('ID-5: a phone other than the bank-reserved one gives ID-5 and sends no code', async () => {
    const flowId = await flowAtStep3('phone_mismatch', people.wangwu);
    const error = await send(flowId, { ...people.wangwu.verification, phone: '13700137000' }).catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe('PHONE_MISMATCH');
    expect(identityErrors.PHONE_MISMATCH.messages['zh-CN']).toBe(
      '手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号',
    );
    expect((await registration.get(flowId)).sms).toBeNull();
  });

  it('ID-10: step 3 needs a solved captcha, used once: a wrong or reused answer asks the bank nothing and sends nothing', async () => {
    const flowId = await flowAtStep3('captcha_check', people.qianqi);
    const asked = bank.received;
    const messages = () => orm.em.fork().count(SmsMessage, {});
    const before = await messages();
    const wrong = { ...people.qianqi.verification, captchaId: (await captcha.issue()).id, captchaAnswer: 'nope' };
    expect(errorCodeOf(await registration.sendCode(flowId, wrong).catch((e: unknown) => e))).toBe('CAPTCHA_INVALID');
    expect(await registration.get(flowId)).toMatchObject({ bankVerified: false, sms: null });
    expect(bank.received).toBe(asked);
    expect(await messages()).toBe(before);

    const solved = { ...people.qianqi.verification, captchaId: (await captcha.issue()).id, captchaAnswer };
    expect(await registration.sendCode(flowId, solved)).toMatchObject({ bankVerified: true });
    expect(errorCodeOf(await registration.sendCode(flowId, solved).catch((e: unknown) => e))).toBe('CAPTCHA_INVALID');
    expect(bank.received - asked).toBe(1);
    expect(await messages()).toBe(before + 1);
  });

  it('ID-6, ID-7: a CMBC card (not connected) and a credit card are refused before the bank is asked', async () => {
    const flowId = await flowAtStep3('card_checks', people.zhangsan);
    const asked = bank.received;
    const cmbc = await send(flowId, { bankCode: 'CMBC', cardNumber: '6226220000000009', phone: '13800138000' }).catch(
      (e: unknown) => e,
    );
    expect(errorCodeOf(cmbc)).toBe('BANK_NOT_CONNECTED');
    const credit = await send(flowId, { bankCode: 'CCB', cardNumber: '4367450000000006', phone: '13800138000' }).catch(
      (e: unknown) => e,
    );
    expect(errorCodeOf(credit)).toBe('BANK_CARD_CREDIT');
    expect(bank.received).toBe(asked);
  });

  it('ID-3: a bank timeout answers "verification unavailable" and creates nothing', async () => {
    const flowId = await flowAtStep3('slow_bank', people.lisi);
    bank.behave({ latencyMs: 1000 });
    const before = await userCount();
    const error = await send(flowId, people.lisi.verification).catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe('VERIFICATION_UNAVAILABLE');
    expect(await userCount()).toBe(before);
    expect(await registration.get(flowId)).toMatchObject({ bankVerified: false, sms: null });
    await expect(registration.complete(flowId, '123456')).rejects.toMatchObject({
      extensions: { code: 'REGISTRATION_STEP_INVALID' },
    });
  });

  it('ID-3: a wrong SMS code creates nothing', async () => {
    const flowId = await flowAtStep3('wrong_code', people.wangwu);
    await send(flowId, people.wangwu.verification);
    const code = await codeSentTo('19912345678');
    const before = await userCount();
    await expect(registration.complete(flowId, code === '000000' ? '111111' : '000000')).rejects.toMatchObject({
      extensions: { code: 'SMS_CODE_INVALID' },
    });
    expect(await userCount()).toBe(before);
  });

  it('ID-2, ID-3: two registrations racing for one username: exactly one wins, the other gets ID-2', async () => {
    const a = await flowAtStep3('racer', people.lisi);
    const b = await flowAtStep3('racer', people.wangwu);
    await send(a, people.lisi.verification);
    const codeA = await codeSentTo('15013442050');
    await send(b, people.wangwu.verification);
    const codeB = await codeSentTo('19912345678');
    const results = await Promise.allSettled([registration.complete(a, codeA), registration.complete(b, codeB)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(errorCodeOf(lost.reason)).toBe('USERNAME_TAKEN');
    expect(await orm.em.fork().count(User, { username: 'racer' })).toBe(1);
    const loser = lost === results[0] ? a : b;
    expect(await orm.em.fork().findOneOrFail(RegistrationFlow, { id: loser })).toMatchObject({
      step: 'verification',
      userId: null,
    });
  });

  it('one account per person: a second registration of a registered identity is refused', async () => {
    const flowId = await flowAtStep3('zhangsan_again', people.zhangsan);
    const error = await send(flowId, people.zhangsan.verification).catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe('IDENTITY_ALREADY_REGISTERED');
  });

  it('an expired or unknown flow is refused', async () => {
    const flow = await registration.start(new Date(Date.now() - 3_600_000));
    await expect(registration.get(flow.id)).rejects.toMatchObject({
      extensions: { code: 'REGISTRATION_FLOW_EXPIRED' },
    });
    await expect(registration.get('not-a-flow')).rejects.toMatchObject({
      extensions: { code: 'REGISTRATION_FLOW_EXPIRED' },
    });
  });

  it('ID-3: the bank killed in the middle of a request: "verification unavailable", nothing half-written', async () => {
    const doomed = await startSandboxBank({ port: 0, behaviour: { latencyMs: 200 } });
    const { service, verifier: doomedVerifier } = registrationVia(doomed.url);
    try {
      const flow = await service.start();
      await service.submitLogin(flow.id, { username: 'killed_bank', password, confirmPassword: password });
      await service.submitIdentity(flow.id, people.qianqi.identity);
      const before = { users: await userCount(), messages: sent.length };
      const answer = send(flow.id, people.qianqi.verification, undefined, service).catch((e: unknown) => e);
      setTimeout(() => void doomed.close(), 50);
      expect(errorCodeOf(await answer)).toBe('VERIFICATION_UNAVAILABLE');
      await dispatcher.dispatchDue();
      expect({ users: await userCount(), messages: sent.length }).toEqual(before);
      expect(await service.get(flow.id)).toMatchObject({ step: 'verification', bankVerified: false, sms: null });
    } finally {
      doomedVerifier.close();
    }
  });

  it('ID-4: a flow may ask the bank only a few times, so it cannot probe for matching identities', async () => {
    const flowId = await flowAtStep3('prober', people.qianqi);
    const asked = bank.received;
    for (let i = 0; i < maxBankChecks; i++) {
      const phone = `1370013${String(7000 + i)}`;
      expect(errorCodeOf(await send(flowId, { ...people.qianqi.verification, phone }).catch((e: unknown) => e))).toBe(
        'PHONE_MISMATCH',
      );
    }
    const error = await send(flowId, { ...people.qianqi.verification, phone: '13700138999' }).catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe('VERIFICATION_ATTEMPTS_EXCEEDED');
    expect(bank.received - asked).toBe(maxBankChecks);
  });

  it('ID-4: 20 bank checks asked for at once reach the bank at most as often as a flow may ask', async () => {
    const flowId = await flowAtStep3('racing_prober', people.qianqi);
    const asked = bank.received;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send(flowId, { ...people.qianqi.verification, phone: `1370014${String(7000 + i)}` }).then(
          () => 'sent',
          (e: unknown) => errorCodeOf(e),
        ),
      ),
    );
    // Each check that reached the bank answered (a slow answer may have been asked twice: retries).
    expect(answers.filter((a) => a !== 'VERIFICATION_ATTEMPTS_EXCEEDED')).toHaveLength(maxBankChecks);
    expect(answers.filter((a) => a === 'VERIFICATION_ATTEMPTS_EXCEEDED')).toHaveLength(20 - maxBankChecks);
    expect(bank.received - asked).toBeLessThanOrEqual(2 * maxBankChecks);
    const flow = await orm.em.fork().findOneOrFail(RegistrationFlow, { id: flowId });
    expect(flow.bankChecks).toBe(maxBankChecks);
  });
});
