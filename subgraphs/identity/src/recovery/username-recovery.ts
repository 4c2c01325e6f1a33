import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector, Logger } from '@tessera/kit';
import type { CaptchaService } from '../captcha/captcha-service';
import { identityError } from '../errors';
import type { CodeRequested, SmsCodes } from '../sms/sms-codes';
import type { SmsOutbox } from '../sms/sms-outbox';
import { User } from '../users/user.entity';
import { required } from '../validation/checked';
import { checkIdNumber, checkPersonName, isIdType } from '../validation/id-document';
import { answerNoSoonerThan, recoveryAnswerMs } from './even-answers';
import { RecoveryFlow } from './recovery-flow.entity';
import { newRecoveryFlow, openRecoveryFlow } from './recovery-flows';

export interface UsernameRecoveryRequest {
  name: string;
  idType: string;
  idNumber: string;
  captchaId: string;
  captchaAnswer: string;
}

const codePurpose = 'recover-username';

/**
 * Forgotten username (ID-13): identity data, then an SMS code on the registered phone; the
 * username itself goes out by SMS only. Whether the data matched, every answer is the same: the
 * same delivery, the same limits (counted by the entered ID document, see
 * SmsCodes.issueUndisclosed), a code to answer (a decoy without a match) and the same time.
 */
export class UsernameRecovery {
  constructor(
    private readonly em: EntityManager,
    private readonly protector: DataProtector,
    private readonly captcha: CaptchaService,
    private readonly codes: SmsCodes,
    private readonly outbox: SmsOutbox,
    private readonly log: Logger,
    private readonly answerMs: number = recoveryAnswerMs,
  ) {}

  /**
   * Returns the flow id and the delivery; a code is on its way to the registered phone if the
   * data matched. Without a match the delivery looks the same as that of a fresh message.
   */
  start(request: UsernameRecoveryRequest, clientIp?: string, now = new Date()): Promise<CodeRequested> {
    return answerNoSoonerThan(this.answerMs, async () => {
      await this.captcha.require(request, now);
      const name = required(checkPersonName(request.name));
      if (!isIdType(request.idType)) throw identityError('ID_NUMBER_INVALID');
      const idNumber = required(checkIdNumber(request.idType, request.idNumber, now));
      const document = `${request.idType}:${idNumber}`;
      const em = this.em.fork();
      const user = await em.findOne(
        User,
        { idNumberIndex: this.protector.index('idNumber', document), kind: 'citizen' },
        { populate: ['phoneSealed'] },
      );
      const match = user && user.displayName === name && user.phoneSealed ? user : undefined;
      const subjectKey = this.protector.digest('recovery-subject', `id:${document}`);
      return em.transactional(async (tx) => {
        const flow = newRecoveryFlow(tx, 'username', match?.id, subjectKey, now);
        await tx.flush();
        const sms = await this.codes.issueUndisclosed(
          tx,
          {
            purpose: codePurpose,
            subject: flow.id,
            requestKey: subjectKey,
            clientIp,
            to: match && {
              phone: this.protector.open('phone', match.phoneSealed as string),
              text: (code) => `【社会统一用户平台】您正在找回用户名，验证码${code}，5分钟内有效。`,
            },
          },
          now,
        );
        this.log.info({ recoveryFlowId: flow.id }, 'username recovery started');
        return { id: flow.id, sms };
      });
    });
  }

  /** Checks the code and sends the username to the registered phone. */
  confirm(flowId: string, code: string, now = new Date()): Promise<void> {
    return answerNoSoonerThan(this.answerMs, async () => {
      const em = this.em.fork();
      const flow = await openRecoveryFlow(em, flowId, 'username', now);
      await this.codes.consume(codePurpose, flow.id, code, now);
      if (!flow.userId) throw identityError('SMS_CODE_INVALID');
      await em.transactional(async (tx) => {
        const user = await tx.findOneOrFail(User, { id: flow.userId }, { populate: ['phoneSealed'] });
        await this.outbox.enqueue(
          tx,
          {
            phone: this.protector.open('phone', user.phoneSealed as string),
            text: `【社会统一用户平台】您的用户名是：${user.username}。`,
            purpose: 'username-reminder',
            notice: true,
          },
          now,
        );
        await tx.nativeUpdate(RecoveryFlow, { id: flow.id }, { completedAt: now });
      });
    });
  }
}
