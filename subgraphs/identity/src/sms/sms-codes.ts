import { randomInt, timingSafeEqual } from 'node:crypto';
import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { identityError } from '../errors';
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
  /** The message around the code. */
  text: (code: string) => string;
}

/** The answer to a request that texts a code: what to confirm it with, and the delivery (ID-9). */
export interface CodeRequested {
  id: string;
  sms: DeliveryStatus;
}

/** One-time SMS codes (ID-9): issued through the outbox, checked once. */
export class SmsCodes {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: SmsOutbox,
    private readonly protector: DataProtector,
    private readonly policy: SmsCodePolicy = defaultSmsCodePolicy,
  ) {}

  /** Issues a fresh code (earlier ones of the same subject stop working) inside the caller's transaction. */
  async issue(em: EntityManager, request: CodeRequest, now = new Date()): Promise<SmsDelivery> {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const message = await this.outbox.enqueue(
      em,
      { phone: request.phone, text: request.text(code), purpose: request.purpose, clientIp: request.clientIp },
      now,
    );
    await em.nativeUpdate(
      SmsCode,
      { purpose: request.purpose, subject: request.subject, consumedAt: null },
      { consumedAt: now },
    );
    em.create(SmsCode, {
      purpose: request.purpose,
      subject: request.subject,
      phoneIndex: this.protector.index('phone', request.phone),
      codeDigest: this.digest(request.purpose, request.subject, code),
      expiresAt: new Date(now.getTime() + this.policy.ttlSeconds * 1000),
      messageId: message.id,
      createdAt: now,
    });
    await em.flush();
    return { messageId: message.id, state: 'queued', retryInSeconds: await this.retryIn(em, message.id, now) };
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
      const given = Buffer.from(this.digest(purpose, subject, code.trim()), 'hex');
      const matches = timingSafeEqual(expected, given);
      if (matches || current.attempts >= this.policy.maxAttempts) current.consumedAt = now;
      return matches ? 'valid' : 'invalid';
    });
    if (verdict === 'expired') throw identityError('SMS_CODE_EXPIRED');
    if (verdict === 'invalid') throw identityError('SMS_CODE_INVALID');
  }

  private digest(purpose: string, subject: string, code: string): string {
    return this.protector.digest('sms-code', `${purpose}\0${subject}\0${code}`);
  }

  private async retryIn(em: EntityManager, messageId: string, now: Date): Promise<number> {
    return (await this.outbox.delivery(em, messageId, now))?.retryInSeconds ?? 0;
  }
}
