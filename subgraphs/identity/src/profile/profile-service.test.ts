import type { MikroORM } from '@mikro-orm/postgresql';
import { BankCatalogue } from '../banks/bank-catalogue';
import { errorCodeOf } from '../errors';
import type { SandboxAccount } from '../sandbox-bank/sandbox-accounts';
import { type RunningSandboxBank, startSandboxBank } from '../sandbox-bank/sandbox-bank';
import { SmsCodes } from '../sms/sms-codes';
import { SmsDispatcher } from '../sms/sms-dispatcher';
import { SmsOutbox } from '../sms/sms-outbox';
import type { OutgoingSms } from '../sms/sms-sender';
import { capturedLogger, openTestDatabase, testProtector } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';
import { HttpBankVerifier } from '../verification/http-bank-verifier';
import { VerificationEvent } from '../verification/verification-event.entity';
import { ProfileService } from './profile-service';

const idNumber = '440303198503121239';
/** 张三 holds a second card at CCB, reserved to a new phone. */
const accounts: SandboxAccount[] = [
  {
    bankCode: 'CCB',
    cardNumber: '6217000000000009872',
    cardType: 'debit',
    name: '张三',
    idType: 'RESIDENT_ID_CARD',
    idNumber,
    phone: '18688886666',
  },
];

describe('ProfileService (ID-12)', () => {
  let orm: MikroORM;
  let bank: RunningSandboxBank;
  let verifier: HttpBankVerifier;
  let profile: ProfileService;
  let dispatcher: SmsDispatcher;
  let user: User;
  const sent: OutgoingSms[] = [];
  const protector = testProtector();
  const { log } = capturedLogger();
  const errorCode = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => errorCodeOf(e),
    );

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    bank = await startSandboxBank({ port: 0, accounts });
    verifier = new HttpBankVerifier({ url: bank.url, log, retries: 0 });
    const outbox = new SmsOutbox(protector, { phoneIntervalSeconds: 0, phonePerDay: 100, clientPerHour: 100 });
    profile = new ProfileService(
      orm.em,
      protector,
      new BankCatalogue(orm.em),
      verifier,
      new SmsCodes(orm.em, outbox, protector),
      log,
    );
    dispatcher = new SmsDispatcher(orm.em, { send: async (m) => void sent.push(m) }, protector, { log });
    const em = orm.em.fork();
    user = em.create(User, {
      username: 'zhangsan',
      kind: 'citizen',
      displayName: '张三',
      idType: 'RESIDENT_ID_CARD',
      idNumberSealed: protector.seal('idNumber', idNumber),
      bankCode: 'ICBC',
      cardNumberSealed: protector.seal('cardNumber', '6222020000000001230'),
      cardNumberMasked: '6222 **** **** 1230',
      phoneSealed: protector.seal('phone', '13800138000'),
      phoneMasked: '138****8000',
      verifiedAt: new Date('2026-01-01T00:00:00Z'),
    });
    await em.flush();
  });
  afterAll(async () => {
    verifier.close();
    await bank.close();
    await orm.close();
  });

  const change = { bankCode: 'CCB', cardNumber: '6217000000000009872', phone: '18688886666' };

  it('refuses any change of username, ID type or ID number', async () => {
    expect(await errorCode(profile.requestChange(user.id, { ...change, username: 'other' }))).toBe(
      'PROFILE_FIELD_IMMUTABLE',
    );
    expect(await errorCode(profile.requestChange(user.id, { ...change, idType: 'PASSPORT' }))).toBe(
      'PROFILE_FIELD_IMMUTABLE',
    );
    expect(await errorCode(profile.requestChange(user.id, { ...change, idNumber: '44030419900101002X' }))).toBe(
      'PROFILE_FIELD_IMMUTABLE',
    );
  });

  it('a change the bank does not confirm is refused with the bank’s answer (ID-3, ID-5), nothing saved', async () => {
    expect(await errorCode(profile.requestChange(user.id, { ...change, phone: '13900139000' }))).toBe('PHONE_MISMATCH');
    expect(await errorCode(profile.requestChange(user.id, { ...change, name: '张四' }))).toBe('IDENTITY_MISMATCH');
    const stored = await orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(stored).toMatchObject({ bankCode: 'ICBC', phoneMasked: '138****8000' });
  });

  it('a bank-confirmed change is saved only after the code sent to the new phone', async () => {
    const { id: changeId, sms: delivery } = await profile.requestChange(user.id, change);
    expect(delivery).toEqual({ state: 'queued', retryInSeconds: 0 });
    expect((await orm.em.fork().findOneOrFail(User, { id: user.id })).bankCode).toBe('ICBC');
    await dispatcher.dispatchDue();
    const sms = sent.at(-1);
    expect(sms?.phone).toBe('18688886666');
    const code = sms && /验证码(\d{6})/.exec(sms.text)?.[1];
    await profile.confirmChange(user.id, changeId, code as string);
    const stored = await orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(stored).toMatchObject({
      bankCode: 'CCB',
      cardNumberMasked: '6217 **** **** 9872',
      phoneMasked: '186****6666',
      displayName: '张三',
    });
    expect(stored.verifiedAt?.getTime()).toBeGreaterThan(new Date('2026-01-01T00:00:00Z').getTime());
    expect(await errorCode(profile.confirmChange(user.id, changeId, code as string))).toBe('SMS_CODE_EXPIRED');
  });

  it('ID-18: every bank check of a change is in the verification history', async () => {
    const events = await orm.em.fork().find(VerificationEvent, { userId: user.id }, { orderBy: { at: 'asc' } });
    expect(events.map((e) => e.outcome)).toEqual(['phone_mismatch', 'identity_mismatch', 'verified']);
    expect(events.every((e) => e.reason === 'profile_change' && e.bankCode === 'CCB')).toBe(true);
  });
});
