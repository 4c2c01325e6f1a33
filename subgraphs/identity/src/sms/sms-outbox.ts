import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { identityError } from '../errors';
import { maskMobile } from '../validation/mobile';
import { SmsMessage } from './sms-message.entity';
import { defaultSmsRateLimits, type SmsRateLimits, secondsUntilAllowed } from './sms-rate-limits';

export interface SmsRequest {
  phone: string;
  text: string;
  purpose: string;
  /** The client's address, for the per-client limit; absent for messages the system sends on its own. */
  clientIp?: string;
  /**
   * Notices that follow a confirmed action (the username after recovery, "your password was
   * reset") skip the limits: a client cannot ask for them at will.
   */
  notice?: boolean;
}

/** What the user sees after asking for a message (ID-9): its state and when another may be asked for. */
export interface SmsDelivery {
  messageId: string;
  state: 'queued' | 'sent' | 'retrying' | 'failed';
  /** Seconds until the next message to this phone may be asked for. */
  retryInSeconds: number;
}

/** A delivery as the client sees it, without the message id. */
export type DeliveryStatus = Pick<SmsDelivery, 'state' | 'retryInSeconds'>;

/** An outbox message as administrators read it. */
export type OutboxEntry = Pick<
  SmsMessage,
  'id' | 'purpose' | 'phoneMasked' | 'text' | 'state' | 'attempts' | 'lastError' | 'createdAt' | 'sentAt'
>;

/** The transactional outbox of text messages, with the sending limits (ID-9). */
export class SmsOutbox {
  constructor(
    private readonly protector: DataProtector,
    private readonly limits: SmsRateLimits = defaultSmsRateLimits,
  ) {}

  /**
   * Queues a message inside the caller's transaction, after the limits allow it. A transaction
   * lock per phone makes two simultaneous requests for one phone count one after the other.
   */
  async enqueue(em: EntityManager, request: SmsRequest, now = new Date()): Promise<SmsMessage> {
    const phoneIndex = this.protector.index('phone', request.phone);
    const clientIndex = request.clientIp ? this.protector.digest('client', request.clientIp) : undefined;
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`sms:${phoneIndex}`]);
    const since = (ms: number) => new Date(now.getTime() - ms);
    const [phone, client] = await Promise.all([
      em.find(SmsMessage, { phoneIndex, createdAt: { $gt: since(86_400_000) } }, { fields: ['createdAt'] }),
      clientIndex
        ? em.find(SmsMessage, { clientIndex, createdAt: { $gt: since(3_600_000) } }, { fields: ['createdAt'] })
        : Promise.resolve([]),
    ]);
    const wait = request.notice
      ? 0
      : secondsUntilAllowed(
          this.limits,
          { phone: phone.map((m) => m.createdAt), client: client.map((m) => m.createdAt) },
          now,
        );
    if (wait > 0) throw identityError('SMS_RATE_LIMITED', { seconds: wait });
    const message = em.create(SmsMessage, {
      purpose: request.purpose,
      phoneSealed: this.protector.seal('phone', request.phone),
      phoneIndex,
      phoneMasked: maskMobile(request.phone),
      clientIndex,
      text: request.text,
      createdAt: now,
      nextAttemptAt: now,
    });
    await em.persist(message).flush();
    return message;
  }

  /** The delivery status of a message, as the user sees it. */
  async delivery(em: EntityManager, messageId: string, now = new Date()): Promise<SmsDelivery | null> {
    const message = await em.findOne(SmsMessage, { id: messageId });
    if (!message) return null;
    const retryInSeconds = Math.max(
      0,
      Math.ceil((message.createdAt.getTime() + this.limits.phoneIntervalSeconds * 1000 - now.getTime()) / 1000),
    );
    const state =
      message.state === 'sent'
        ? 'sent'
        : message.state === 'failed'
          ? 'failed'
          : message.attempts > 0
            ? 'retrying'
            : 'queued';
    return { messageId: message.id, state, retryInSeconds };
  }

  /**
   * How a message just queued looks to the client. Recovery answers with it when no message went
   * out (the data matched no account), so the two cases cannot be told apart (ID-13, ID-14).
   */
  freshDelivery(): DeliveryStatus {
    return { state: 'queued', retryInSeconds: this.limits.phoneIntervalSeconds };
  }

  /** The outbox for administrators, newest first: phones masked, never opened. */
  async list(em: EntityManager, limit = 50): Promise<OutboxEntry[]> {
    const messages = await em.find(SmsMessage, {}, { orderBy: { createdAt: 'desc' }, limit });
    return messages.map(({ id, purpose, phoneMasked, text, state, attempts, lastError, createdAt, sentAt }) => ({
      id,
      purpose,
      phoneMasked,
      text,
      state,
      attempts,
      lastError,
      createdAt,
      sentAt,
    }));
  }
}
