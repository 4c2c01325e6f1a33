import type { MikroORM } from '@mikro-orm/postgresql';
import { CaptchaService } from '../captcha/captcha-service';
import { errorCodeOf } from '../errors';
import { normaliseAnswer } from '../security-questions/question-catalogue';
import { SecurityAnswer } from '../security-questions/security-answer.entity';
import { SecurityQuestionsService } from '../security-questions/security-questions-service';
import { SessionService } from '../sessions/session-service';
import { SmsDispatcher } from '../sms/sms-dispatcher';
import { SmsOutbox } from '../sms/sms-outbox';
import type { OutgoingSms } from '../sms/sms-sender';
import {
  CountingHasher,
  capturedLogger,
  openTestDatabase,
  recoveryServices,
  registeredCitizen,
  testProtector,
} from '../testing/identity-test-kit';
import { User } from '../users/user.entity';
import { PasswordRecovery } from './password-recovery';
import { UsernameRecovery } from './username-recovery';

const answer = 'w9Xy';
const phone = '13800138000';
const idNumber = '440303198503121239';

describe('recovery and security questions (ID-13, ID-14, ID-16)', () => {
  let orm: MikroORM;
  let captcha: CaptchaService;
  let questions: SecurityQuestionsService;
  let usernames: UsernameRecovery;
  let passwords: PasswordRecovery;
  let sessions: SessionService;
  let dispatcher: SmsDispatcher;
  let user: User;
  const sent: OutgoingSms[] = [];
  const protector = testProtector();
  const hasher = new CountingHasher();
  const { log, lines } = capturedLogger();

  const solved = async () => ({ captchaId: (await captcha.issue()).id, captchaAnswer: answer });
  const errorCode = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => errorCodeOf(e),
    );
  async function lastSms(): Promise<OutgoingSms | undefined> {
    await dispatcher.dispatchDue();
    return sent.at(-1);
  }
  const codeIn = (sms?: OutgoingSms) => sms && /验证码(\d{6})/.exec(sms.text)?.[1];

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    const outbox = new SmsOutbox(protector, { phoneIntervalSeconds: 0, phonePerDay: 100, clientPerHour: 100 });
    ({ captcha, questions, sessions, usernames, passwords } = recoveryServices(orm, {
      protector,
      hasher,
      log,
      outbox,
      captchaText: answer,
    }));
    dispatcher = new SmsDispatcher(orm.em, { send: async (m) => void sent.push(m) }, protector, { log });
    user = await registeredCitizen(orm, protector, hasher, { username: 'zhangsan', name: '张三', idNumber, phone });
    await questions.set(user.id, [
      { questionId: 'mother-name', answer: '李 秀英' },
      { questionId: 'birthplace', answer: 'ＳｈｅｎＺｈｅｎ' },
      { questionId: 'primary-school', answer: '红岭小学' },
    ]);
  });
  afterAll(() => orm.close());

  describe('ID-16: security questions', () => {
    it('answers are normalised: case, full/half width and spaces do not matter', () => {
      expect(normaliseAnswer('ＳｈｅｎＺｈｅｎ ')).toBe('shenzhen');
      expect(normaliseAnswer('李 秀英')).toBe('李秀英');
    });

    it('stores answers argon2-hashed, never in clear', async () => {
      const rows = await orm.em.fork().find(SecurityAnswer, { userId: user.id });
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(row.answerHash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(rows)).not.toContain('红岭');
    });

    it('needs at least three different questions of the catalogue', async () => {
      const two = [
        { questionId: 'mother-name', answer: 'a' },
        { questionId: 'birthplace', answer: 'b' },
      ];
      expect(await errorCode(questions.set(user.id, two))).toBe('SECURITY_ANSWERS_INVALID');
      expect(await errorCode(questions.set(user.id, [...two, { questionId: 'mother-name', answer: 'c' }]))).toBe(
        'SECURITY_ANSWERS_INVALID',
      );
      expect(await errorCode(questions.set(user.id, [...two, { questionId: 'no-such', answer: 'c' }]))).toBe(
        'SECURITY_ANSWERS_INVALID',
      );
    });

    it('verifies answers case- and width-insensitively', async () => {
      expect(
        await questions.verify(user.id, [
          { questionId: 'mother-name', answer: '李秀英' },
          { questionId: 'birthplace', answer: 'shenzhen' },
          { questionId: 'primary-school', answer: ' 红岭小学 ' },
        ]),
      ).toBe(true);
      expect(
        await questions.verify(user.id, [
          { questionId: 'mother-name', answer: '李秀英' },
          { questionId: 'birthplace', answer: 'beijing' },
          { questionId: 'primary-school', answer: '红岭小学' },
        ]),
      ).toBe(false);
    });
  });

  describe('ID-13: username recovery', () => {
    it('sends a code to the registered phone, then the username by SMS only', async () => {
      const started = await usernames.start({
        name: '张三',
        idType: 'RESIDENT_ID_CARD',
        idNumber,
        ...(await solved()),
      });
      expect(started.sms).toEqual({ state: 'queued', retryInSeconds: 0 });
      const flowId = started.id;
      const codeSms = await lastSms();
      expect(codeSms?.phone).toBe(phone);
      const result = await usernames.confirm(flowId, codeIn(codeSms) as string);
      expect(result).toBeUndefined();
      const reminder = await lastSms();
      expect(reminder).toMatchObject({ phone, text: expect.stringContaining('zhangsan') });
    });

    it('answers the same for identity data that match no account, delivery included (ID-9), and sends nothing', async () => {
      const before = sent.length;
      const { id: flowId, sms } = await usernames.start({
        name: '李四',
        idType: 'RESIDENT_ID_CARD',
        idNumber: '44030419900101002X',
        ...(await solved()),
      });
      expect(flowId).toMatch(/^[0-9a-f-]{36}$/);
      expect(sms).toEqual({ state: 'queued', retryInSeconds: 0 });
      await dispatcher.dispatchDue();
      expect(sent.length).toBe(before);
      expect(await errorCode(usernames.confirm(flowId, '123456'))).toBe('SMS_CODE_INVALID');
    });

    it('needs the captcha', async () => {
      expect(
        await errorCode(
          usernames.start({
            name: '张三',
            idType: 'RESIDENT_ID_CARD',
            idNumber,
            captchaId: 'x',
            captchaAnswer: answer,
          }),
        ),
      ).toBe('CAPTCHA_INVALID');
    });
  });

  describe('ID-14: password recovery', () => {
    const correct = [
      { questionId: 'mother-name', answer: '李秀英' },
      { questionId: 'birthplace', answer: 'SHENZHEN' },
      { questionId: 'primary-school', answer: '红岭小学' },
    ];

    it('by security questions: resets the password, ends the sessions and sends a notice SMS', async () => {
      const session = await sessions.open(user, 'password');
      const { flowId, questionIds } = await passwords.start({ username: 'ZhangSan', ...(await solved()) });
      expect(questionIds).toEqual(['birthplace', 'mother-name', 'primary-school']);
      expect(await errorCode(passwords.reset(flowId, 'Newer-2025', 'Newer-2025'))).toBe('RECOVERY_FAILED');
      await passwords.answerQuestions(flowId, correct);
      await passwords.reset(flowId, 'Newer-2025', 'Newer-2025');
      const stored = await orm.em.fork().findOneOrFail(User, { id: user.id }, { populate: ['passwordHash'] });
      expect(await hasher.verify(stored.passwordHash as string, 'Newer-2025')).toBe(true);
      expect(await sessions.isOpen(session.sessionId)).toBe(false);
      expect((await lastSms())?.text).toContain('密码已通过密保问题重置');
      expect(await errorCode(passwords.reset(flowId, 'Newest-2026', 'Newest-2026'))).toBe('RECOVERY_FLOW_EXPIRED');
    });

    it('by ID number + SMS code', async () => {
      const { flowId } = await passwords.start({ username: 'zhangsan', ...(await solved()) });
      expect(await passwords.sendCode(flowId, idNumber)).toEqual({ state: 'queued', retryInSeconds: 0 });
      const code = codeIn(await lastSms()) as string;
      await passwords.verifyCode(flowId, code);
      await passwords.reset(flowId, 'Sms-Reset-2025', 'Sms-Reset-2025');
      const stored = await orm.em.fork().findOneOrFail(User, { id: user.id }, { populate: ['passwordHash'] });
      expect(await hasher.verify(stored.passwordHash as string, 'Sms-Reset-2025')).toBe(true);
    });

    it('an unknown username gets a flow and the same decoy questions every time', async () => {
      const first = await passwords.start({ username: 'nobody_here', ...(await solved()) });
      const second = await passwords.start({ username: 'nobody_here', ...(await solved()) });
      expect(first.questionIds).toHaveLength(3);
      expect(second.questionIds).toEqual(first.questionIds);
      expect(await errorCode(passwords.answerQuestions(first.flowId, correct))).toBe('RECOVERY_FAILED');
    });

    it('a wrong ID number sends no code; failed answers count towards a lock', async () => {
      const { flowId } = await passwords.start({ username: 'zhangsan', ...(await solved()) });
      const before = sent.length;
      expect(await passwords.sendCode(flowId, '44030419900101002X')).toEqual({ state: 'queued', retryInSeconds: 0 });
      await dispatcher.dispatchDue();
      expect(sent.length).toBe(before);
      const wrong = correct.map((a) => ({ ...a, answer: 'wrong' }));
      // The wrong ID number was failure 1; the third failure starts the lockout schedule's delay.
      expect(await errorCode(passwords.answerQuestions(flowId, wrong))).toBe('RECOVERY_FAILED');
      expect(await errorCode(passwords.answerQuestions(flowId, wrong))).toBe('RECOVERY_FAILED');
      expect(await errorCode(passwords.answerQuestions(flowId, correct))).toBe('ATTEMPTS_LOCKED');
    });

    it('40 wrong answers at once, for a registered and an unknown username: at most 3 attempts reach argon2', async () => {
      const em = orm.em.fork();
      const racer = em.create(User, {
        username: 'wangwu',
        kind: 'citizen',
        displayName: '王五',
        passwordHash: await hasher.hash('Secret-2024'),
      });
      await em.flush();
      await questions.set(racer.id, correct);
      for (const username of ['wangwu', 'racing_ghost']) {
        const { flowId, questionIds } = await passwords.start({ username, ...(await solved()) });
        const wrong = questionIds.map((questionId) => ({ questionId, answer: 'wrong' }));
        hasher.verifications = 0;
        const answers = await Promise.all(
          Array.from({ length: 40 }, () => errorCode(passwords.answerQuestions(flowId, wrong))),
        );
        expect(answers.filter((a) => a === 'RECOVERY_FAILED')).toHaveLength(3);
        expect(answers.filter((a) => a === 'ATTEMPTS_LOCKED')).toHaveLength(37);
        expect(hasher.verifications).toBe(3 * 3);
      }
    });

    it('ID-8: logs carry no phone, ID number or answer', () => {
      const text = lines.join('\n');
      for (const secret of [phone, idNumber, '红岭小学']) expect(text).not.toContain(secret);
    });
  });
});
