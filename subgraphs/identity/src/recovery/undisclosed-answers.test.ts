import type { MikroORM } from '@mikro-orm/postgresql';
import { CaptchaService } from '../captcha/captcha-service';
import { errorCodeOf } from '../errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { SmsCode } from '../sms/sms-code.entity';
import { SmsMessage } from '../sms/sms-message.entity';
import { SmsOutbox } from '../sms/sms-outbox';
import {
  capturedLogger,
  openTestDatabase,
  recoveryServices,
  registeredCitizen,
  testArgon2Cost,
  testProtector,
} from '../testing/identity-test-kit';
import { PasswordRecovery } from './password-recovery';
import { UsernameRecovery } from './username-recovery';

const captchaText = 'u7Rk';
const registered = { name: '张三', idNumber: '440303198503121239', username: 'zhangsan', phone: '13800138000' };
const unknown = { name: '李四', idNumber: '44030419900101002X', username: 'nobody_here' };
const requests = 100;

/** What a client sees of an answer: the result, or the error code with its wait. */
async function seen(promise: Promise<unknown>): Promise<unknown> {
  try {
    return { answer: await promise };
  } catch (error) {
    return { code: errorCodeOf(error), seconds: (error as { extensions?: { seconds?: number } }).extensions?.seconds };
  }
}

/**
 * Issue 11 item 3: recovery tells nobody whether the entered data names a registered person. The
 * same requests, made for a registered and for an unknown person (each from its own client), get
 * the same answers one by one, the limits included, with the production limits.
 */
describe('recovery answers the same for registered and unknown people (ID-13, ID-14, ID-9)', () => {
  let orm: MikroORM;
  let captcha: CaptchaService;
  let usernames: UsernameRecovery;
  let passwords: PasswordRecovery;
  const protector = testProtector();
  const hasher = new PasswordHasher(testArgon2Cost);
  const { log } = capturedLogger();
  const start = new Date('2026-12-01T08:00:00Z');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  const solved = async (now: Date) => ({ captchaId: (await captcha.issue(now)).id, captchaAnswer: captchaText });

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    const services = recoveryServices(orm, { protector, hasher, log, outbox: new SmsOutbox(protector), captchaText });
    ({ captcha, usernames, passwords } = services);
    const user = await registeredCitizen(orm, protector, hasher, registered);
    await services.questions.set(user.id, [
      { questionId: 'mother-name', answer: '李秀英' },
      { questionId: 'birthplace', answer: '深圳' },
      { questionId: 'primary-school', answer: '红岭小学' },
    ]);
  });
  afterAll(() => orm.close());

  const messages = () => orm.em.fork().count(SmsMessage, {});

  it(`username recovery: ${requests} requests each way, every 20 s, answer alike; only the registered phone is texted`, async () => {
    const run = async (person: { name: string; idNumber: string }, clientIp: string) => {
      const answers: unknown[] = [];
      let last = { flowId: '', at: start };
      for (let i = 0; i < requests; i++) {
        const now = at(i * 20);
        const request = { name: person.name, idType: 'RESIDENT_ID_CARD', idNumber: person.idNumber };
        const result = await seen(usernames.start({ ...request, ...(await solved(now)) }, clientIp, now));
        const flowId = (result as { answer?: { id: string } }).answer?.id;
        if (flowId) last = { flowId, at: now };
        answers.push(flowId ? { sms: (result as { answer: { sms: unknown } }).answer.sms } : result);
      }
      const now = new Date(last.at.getTime() + 1000);
      for (let i = 0; i < 6; i++) answers.push(await seen(usernames.confirm(last.flowId, '000000', now)));
      return answers;
    };
    const before = await messages();
    const known = await run(registered, '10.9.0.1');
    const texted = (await messages()) - before;
    const unknownAnswers = await run(unknown, '10.9.0.2');
    expect(unknownAnswers).toEqual(known);
    expect(await messages()).toBe(before + texted);
    const queued = known.filter((a) => (a as { sms?: unknown }).sms).length;
    expect(queued).toBe(10);
    expect(texted).toBe(queued);
    expect(known).toContainEqual({ code: 'SMS_RATE_LIMITED', seconds: 40 });
    expect(known.slice(-6)).toEqual([
      ...Array.from({ length: 5 }, () => ({ code: 'SMS_CODE_INVALID', seconds: undefined })),
      { code: 'SMS_CODE_EXPIRED', seconds: undefined },
    ]);
  });

  it(`password recovery: ${requests} code requests and ${requests} answers each way, alike; attempts and limits count the same`, async () => {
    const run = async (username: string, clientIp: string) => {
      const answers: unknown[] = [];
      for (let i = 0; i < requests; i++) {
        const now = at(100_000 + i * 20);
        const started = await passwords.start({ username, ...(await solved(now)) }, now);
        answers.push({ questions: started.questionIds.length });
        answers.push(await seen(passwords.sendCode(started.flowId, registered.idNumber, clientIp, now)));
        answers.push(
          await seen(
            passwords.answerQuestions(
              started.flowId,
              started.questionIds.map((questionId) => ({ questionId, answer: 'wrong' })),
              now,
            ),
          ),
        );
        if (i % 10 === 9) answers.push(await seen(passwords.verifyCode(started.flowId, '000000', now)));
      }
      return answers;
    };
    const before = await messages();
    const known = await run(registered.username, '10.9.1.1');
    const texted = (await messages()) - before;
    const unknownAnswers = await run(unknown.username, '10.9.1.2');
    expect(unknownAnswers).toEqual(known);
    expect(texted).toBeGreaterThan(0);
    expect(await messages()).toBe(before + texted);
    expect(known).toContainEqual({ code: 'ATTEMPTS_LOCKED', seconds: expect.any(Number) });
    expect(known).toContainEqual({ code: 'RECOVERY_FAILED', seconds: undefined });
    expect(known).toContainEqual({ answer: { state: 'queued', retryInSeconds: 60 } });
    expect(await orm.em.fork().count(SmsCode, { purpose: 'recover-password', messageId: null })).toBeGreaterThan(0);
  });
});
