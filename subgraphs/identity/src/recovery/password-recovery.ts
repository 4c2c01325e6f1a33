import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector, Logger } from '@tessera/kit';
import type { CaptchaService } from '../captcha/captcha-service';
import { identityError } from '../errors';
import type { PasswordHasher } from '../passwords/password-hasher';
import { securityQuestions } from '../security-questions/question-catalogue';
import type { QuestionAnswer, SecurityQuestionsService } from '../security-questions/security-questions-service';
import type { SessionService } from '../sessions/session-service';
import type { LoginThrottle } from '../sign-in/login-throttle';
import type { SmsCodes } from '../sms/sms-codes';
import type { DeliveryStatus, SmsOutbox } from '../sms/sms-outbox';
import { User } from '../users/user.entity';
import { required } from '../validation/checked';
import {
  checkConfirmation,
  checkPassword,
  defaultPasswordPolicy,
  type PasswordPolicy,
} from '../validation/password-policy';
import { answerNoSoonerThan, recoveryAnswerMs } from './even-answers';
import { RecoveryFlow } from './recovery-flow.entity';
import { newRecoveryFlow, openRecoveryFlow } from './recovery-flows';

export interface PasswordRecoveryDependencies {
  em: EntityManager;
  protector: DataProtector;
  captcha: CaptchaService;
  questions: SecurityQuestionsService;
  codes: SmsCodes;
  outbox: SmsOutbox;
  hasher: PasswordHasher;
  sessions: SessionService;
  throttle: LoginThrottle;
  log: Logger;
  passwordPolicy?: PasswordPolicy;
  /** The least time a step takes to answer (see even-answers). */
  answerMs?: number;
}

const codePurpose = 'recover-password';

/**
 * Forgotten password (ID-14) as one flow with two strategies: step 1 username + captcha; step 2
 * security questions, or ID number + SMS code; step 3 a new password. A username that names no
 * account gets the same answers after the same time: a flow, stable decoy questions whose
 * answers are verified against a decoy hash, the same attempt count and SMS limits (both kept
 * per entered username), a decoy code. Every attempt at step 2 is counted before it is checked,
 * towards a lock; a verified step clears the count.
 */
export class PasswordRecovery {
  private readonly answerMs: number;

  constructor(private readonly deps: PasswordRecoveryDependencies) {
    this.answerMs = deps.answerMs ?? recoveryAnswerMs;
  }

  /** Step 1: returns the flow id and the questions to answer should the user choose them. */
  start(
    request: { username: string; captchaId: string; captchaAnswer: string },
    now = new Date(),
  ): Promise<{ flowId: string; questionIds: string[] }> {
    return answerNoSoonerThan(this.answerMs, async () => {
      await this.deps.captcha.require(request, now);
      const username = request.username.normalize('NFKC').trim().toLowerCase();
      const em = this.deps.em.fork();
      const user = await em.findOne(User, { username, kind: 'citizen' });
      const subjectKey = this.deps.protector.digest('recovery-subject', `username:${username}`);
      const flow = newRecoveryFlow(em, 'password', user?.id, subjectKey, now);
      await em.flush();
      const stored = user ? await this.deps.questions.questionsOf(user.id) : [];
      return { flowId: flow.id, questionIds: stored.length ? stored : this.decoyQuestions(username) };
    });
  }

  /** Step 2, security questions. */
  answerQuestions(flowId: string, answers: QuestionAnswer[], now = new Date()): Promise<void> {
    return answerNoSoonerThan(this.answerMs, async () => {
      const em = this.deps.em.fork();
      const flow = await openRecoveryFlow(em, flowId, 'password', now);
      await this.deps.throttle.reserve(em, this.throttleKey(flow), now);
      if (!(await this.deps.questions.verify(flow.userId, answers))) throw identityError('RECOVERY_FAILED');
      await this.deps.throttle.clear(em, this.throttleKey(flow));
      Object.assign(flow, { method: 'questions', verifiedAt: now });
      await em.flush();
    });
  }

  /**
   * Step 2, ID number + SMS code: a code goes to the registered phone if the ID number matches.
   * The delivery answered looks the same either way.
   */
  sendCode(flowId: string, idNumber: string, clientIp?: string, now = new Date()): Promise<DeliveryStatus> {
    return answerNoSoonerThan(this.answerMs, async () => {
      const em = this.deps.em.fork();
      const flow = await openRecoveryFlow(em, flowId, 'password', now);
      await this.deps.throttle.reserve(em, this.throttleKey(flow), now);
      const user = flow.userId ? await em.findOne(User, { id: flow.userId }, { populate: ['phoneSealed'] }) : null;
      const normalised = idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
      const matches =
        !!user?.idNumberIndex &&
        !!user.phoneSealed &&
        user.idNumberIndex === this.deps.protector.index('idNumber', `${user.idType}:${normalised}`);
      return em.transactional((tx) =>
        this.deps.codes.issueUndisclosed(
          tx,
          {
            purpose: codePurpose,
            subject: flow.id,
            requestKey: flow.subjectKey,
            clientIp,
            to:
              matches && user
                ? {
                    phone: this.deps.protector.open('phone', user.phoneSealed as string),
                    text: (code) => `【社会统一用户平台】您正在找回密码，验证码${code}，5分钟内有效。`,
                  }
                : undefined,
          },
          now,
        ),
      );
    });
  }

  verifyCode(flowId: string, code: string, now = new Date()): Promise<void> {
    return answerNoSoonerThan(this.answerMs, async () => {
      const em = this.deps.em.fork();
      const flow = await openRecoveryFlow(em, flowId, 'password', now);
      await this.deps.codes.consume(codePurpose, flow.id, code, now);
      if (!flow.userId) throw identityError('SMS_CODE_INVALID');
      await this.deps.throttle.clear(em, this.throttleKey(flow));
      Object.assign(flow, { method: 'sms', verifiedAt: now });
      await em.flush();
    });
  }

  /**
   * Step 3: the new password; every session ends. After a reset by questions the registered
   * phone gets a notice, so a person whose answers were guessed learns of it.
   */
  async reset(flowId: string, newPassword: string, confirmPassword: string, now = new Date()): Promise<void> {
    const em = this.deps.em.fork();
    const flow = await openRecoveryFlow(em, flowId, 'password', now);
    if (!flow.verifiedAt || !flow.userId) throw identityError('RECOVERY_FAILED');
    const user = await em.findOneOrFail(User, { id: flow.userId }, { populate: ['phoneSealed'] });
    const password = required(
      checkPassword(newPassword, user.username, this.deps.passwordPolicy ?? defaultPasswordPolicy),
    );
    required(checkConfirmation(password, confirmPassword));
    const hash = await this.deps.hasher.hash(password);
    await em.transactional(async (tx) => {
      await tx.nativeUpdate(User, { id: user.id }, { passwordHash: hash, passwordResetRequired: false });
      await tx.nativeUpdate(RecoveryFlow, { id: flow.id }, { completedAt: now });
      await this.deps.sessions.revokeAll(user.id, 'password recovered', now, tx);
      if (flow.method === 'questions' && user.phoneSealed) {
        await this.deps.outbox.enqueue(
          tx,
          {
            phone: this.deps.protector.open('phone', user.phoneSealed),
            text: '【社会统一用户平台】您的密码已通过密保问题重置。如非本人操作，请立即拨打12333。',
            purpose: 'password-reset-notice',
            notice: true,
          },
          now,
        );
      }
    });
    this.deps.log.info({ userId: user.id, method: flow.method }, 'password recovered');
  }

  /** The attempt count of step 2: per entered username, whether it names an account or not. */
  private throttleKey(flow: RecoveryFlow): string {
    return `recovery:${flow.subjectKey}`;
  }

  /** Three catalogue questions picked from a keyed hash of the name: the same ones on every try. */
  private decoyQuestions(username: string): string[] {
    const digest = this.deps.protector.digest('decoy-questions', username);
    const ids = securityQuestions.map((q) => q.id);
    const picked: string[] = [];
    for (let i = 0; picked.length < 3; i += 2) {
      const id = ids[Number.parseInt(digest.slice(i, i + 2), 16) % ids.length] as string;
      if (!picked.includes(id)) picked.push(id);
    }
    return picked.sort();
  }
}
