import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { identityError } from '../errors';
import { codePlaceholder, MessageCodes } from './message-codes';
import { SmsCode } from './sms-code.entity';
import type { DeliveryStatus, SmsDelivery, SmsOutbox } from './sms-outbox';

export interface SmsCodePolicy {
  ttlSeconds: number;
  maxAttempts: number;
}

export const defaultSmsCodePolicy: SmsCodePolicy = { ttlSeconds: 300, maxAttempts: 5 };

export interface CodeRequest {
  purpose: string;
  subject: string;
  phone: string;
  clientIp?: string;
  /** The message around the code (called with a placeholder: the code is filled in at send time). */
  text: (code: string) => string;
}

/**
 * A code request that must not tell whether the data matched an account (ID-13, ID-14): it is
 * admitted by the limits of what the client entered, and a code is issued either way, texted
 * only to a matched account's phone.
 */
export interface UndisclosedCodeRequest {
  purpose: string;
  subject: string;
  /** What the client entered to name the account (stable across requests), as a keyed hash. */
  requestKey: string;
  clientIp?: string;
  /** The matched account's phone and the message around the code. */
  to?: { phone: string; text: (code: string) => string };
}

/** The answer to a request that texts a code: what to confirm it with, and the delivery (ID-9). */
export interface CodeRequested {
  id: string;
  sms: DeliveryStatus;
}

/**
 * One-time SMS codes (ID-9): issued through the outbox, checked once. A code is derived from its
 * message's id (MessageCodes) and stored only as a keyed hash.
 */
export class SmsCodes {
  private readonly messageCodes: MessageCodes;

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: SmsOutbox,
    private readonly protector: DataProtector,
    private readonly policy: SmsCodePolicy = defaultSmsCodePolicy,
  ) {
    this.messageCodes = new MessageCodes(protector);
  }

  /** Issues a fresh code (earlier ones of the same subject stop working) inside the caller's transaction. */
  async issue(em: EntityManager, request: CodeRequest, now = new Date()): Promise<SmsDelivery> {
    const message = await this.outbox.enqueue(
      em,
      {
        phone: request.phone,
        text: request.text(codePlaceholder),
        purpose: request.purpose,
        clientIp: request.clientIp,
      },
      now,
    );
    await this.replace(em, request, this.digestOf(request, this.messageCodes.codeOf(message.id)), message.id, now);
    return { messageId: message.id, state: 'queued', retryInSeconds: await this.retryIn(em, message.id, now) };
  }

  /**
   * Issues a code for an undisclosed request inside the caller's transaction (see
   * UndisclosedCodeRequest). Without a phone to text, the code is a decoy that no answer matches.
   * Answers as a message just queued, or SMS_RATE_LIMITED, alike for both.
   */
  async issueUndisclosed(
    em: EntityManager,
    request: UndisclosedCodeRequest,
    now = new Date(),
  ): Promise<DeliveryStatus> {
    const texted = await this.outbox.admitUndisclosed(
      em,
      {
        recipientIndex: this.protector.digest('sms-request', `${request.purpose}\0${request.requestKey}`),
        clientIp: request.clientIp,
        phone: request.to?.phone,
      },
      now,
    );
    if (request.to && texted) {
      const message = await this.outbox.queue(
        em,
        { phone: request.to.phone, text: request.to.text(codePlaceholder), purpose: request.purpose },
        now,
      );
      await this.replace(em, request, this.digestOf(request, this.messageCodes.codeOf(message.id)), message.id, now);
    } else {
      await this.replace(em, request, randomBytes(32).toString('hex'), undefined, now);
    }
    return this.outbox.freshDelivery();
  }

  /** Makes `codeDigest` the one live code of the request's subject. */
  private async replace(
    em: EntityManager,
    request: { purpose: string; subject: string },
    codeDigest: string,
    messageId: string | undefined,
    now: Date,
  ): Promise<void> {
    await em.nativeUpdate(
      SmsCode,
      { purpose: request.purpose, subject: request.subject, consumedAt: null },
      { consumedAt: now },
    );
    em.create(SmsCode, {
      purpose: request.purpose,
      subject: request.subject,
      codeDigest,
      expiresAt: new Date(now.getTime() + this.policy.ttlSeconds * 1000),
      messageId,
      createdAt: now,
    });
    await em.flush();
  }

  /**
   * Checks a code for the subject and uses it up. A wrong code costs one of the tries (counted
   * in a transaction of its own, so the caller's rollback cannot refund it); once they are
   * spent, or the code expired, the user must ask for a new one.
   */
  async consume(purpose: string, subject: string, code: string, now = new Date()): Promise<void> {
    const verdict = await this.em.fork().transactional(async (em) => {
      const current = await em.findOne(
        SmsCode,
        { purpose, subject, consumedAt: null },
        { orderBy: { createdAt: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!current || current.expiresAt <= now || current.attempts >= this.policy.maxAttempts) return 'expired';
      current.attempts++;
      const expected = Buffer.from(current.codeDigest, 'hex');
      const given = Buffer.from(this.digestOf({ purpose, subject }, code.trim()), 'hex');
      const matches = timingSafeEqual(expected, given);
      if (matches || current.attempts >= this.policy.maxAttempts) current.consumedAt = now;
      return matches ? 'valid' : 'invalid';
    });
    if (verdict === 'expired') throw identityError('SMS_CODE_EXPIRED');
    if (verdict === 'invalid') throw identityError('SMS_CODE_INVALID');
  }

  private digestOf(request: { purpose: string; subject: string }, code: string): string {
    return this.protector.digest('sms-code', `${request.purpose}\0${request.subject}\0${code}`);
  }

  private async retryIn(em: EntityManager, messageId: string, now: Date): Promise<number> {
    return (await this.outbox.delivery(em, messageId, now))?.retryInSeconds ?? 0;
  }
}
