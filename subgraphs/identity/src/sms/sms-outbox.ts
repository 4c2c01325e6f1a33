import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { identityError } from '../errors';
import { maskMobile } from '../validation/mobile';
import { MessageCodes } from './message-codes';
import { SmsMessage } from './sms-message.entity';
import { defaultSmsRateLimits, type SmsRateLimits, secondsUntilAllowed } from './sms-rate-limits';
import { SmsRequest } from './sms-request.entity';

export interface MessageRequest {
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

/** The longest window of the limits: ten messages a day per recipient. */
const dayMs = 86_400_000;

/** A request whose answer must not tell whether the data named an account (ID-13, ID-14). */
export interface UndisclosedRequest {
  /** Keyed hash of what the client entered to name the account: the limits count requests by it. */
  recipientIndex: string;
  clientIp?: string;
  /** The account's phone, when the data matched one. */
  phone?: string;
}

/** The transactional outbox of text messages, with the sending limits (ID-9). */
export class SmsOutbox {
  constructor(
    private readonly protector: DataProtector,
    readonly limits: SmsRateLimits = defaultSmsRateLimits,
  ) {}

  /** Queues a message inside the caller's transaction, after the limits of its phone and client admit it. */
  async enqueue(em: EntityManager, request: MessageRequest, now = new Date()): Promise<SmsMessage> {
    if (!request.notice) {
      const phoneIndex = this.phoneIndexOf(request.phone);
      const clientIndex = this.clientIndexOf(request.clientIp);
      await this.lock(em, [phoneIndex, clientIndex]);
      await this.admit(em, phoneIndex, clientIndex, now);
    }
    return this.queue(em, request, now);
  }

  /**
   * Admits an undisclosed request: by the limits of what the client entered and of the client,
   * counted whether or not an account matched, so both answer alike (SMS_RATE_LIMITED or not).
   * Returns whether the matched account's phone may be texted too: its own limits protect it,
   * and when they refuse, nothing goes out and the caller answers as if it had.
   */
  async admitUndisclosed(em: EntityManager, request: UndisclosedRequest, now = new Date()): Promise<boolean> {
    const clientIndex = this.clientIndexOf(request.clientIp);
    const phoneIndex = request.phone ? this.phoneIndexOf(request.phone) : undefined;
    await this.lock(em, [request.recipientIndex, clientIndex, phoneIndex]);
    await this.admit(em, request.recipientIndex, clientIndex, now);
    if (!phoneIndex || (await this.secondsUntilAllowed(em, phoneIndex, undefined, now)) > 0) return false;
    em.create(SmsRequest, { recipientIndex: phoneIndex, createdAt: now });
    await em.flush();
    return true;
  }

  /** Forgets the requests older than the longest window of the limits (a day); a timer calls it. */
  purgeRequests(em: EntityManager, now = new Date()): Promise<number> {
    return em.nativeDelete(SmsRequest, { createdAt: { $lt: new Date(now.getTime() - dayMs) } });
  }

  /** Writes a message to the outbox as it is, without the limits: the caller admitted it. */
  async queue(em: EntityManager, request: MessageRequest, now = new Date()): Promise<SmsMessage> {
    const message = em.create(SmsMessage, {
      purpose: request.purpose,
      phoneSealed: this.protector.seal('phone', request.phone),
      phoneMasked: maskMobile(request.phone),
      text: request.text,
      createdAt: now,
      nextAttemptAt: now,
    });
    await em.persist(message).flush();
    return message;
  }

  /**
   * Transaction locks on the recipient and the client, taken in one order by every request, so
   * that simultaneous requests count one after the other and never wait on each other in a cycle.
   */
  private async lock(em: EntityManager, keys: (string | undefined)[]): Promise<void> {
    for (const key of [...new Set(keys.filter((k): k is string => !!k))].sort()) {
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`sms:${key}`]);
    }
  }

  /** Records the request if the limits allow it now; SMS_RATE_LIMITED otherwise. Under the locks. */
  private async admit(em: EntityManager, recipientIndex: string, clientIndex: string | undefined, now: Date) {
    const wait = await this.secondsUntilAllowed(em, recipientIndex, clientIndex, now);
    if (wait > 0) throw identityError('SMS_RATE_LIMITED', { seconds: wait });
    em.create(SmsRequest, { recipientIndex, clientIndex, createdAt: now });
    await em.flush();
  }

  private async secondsUntilAllowed(
    em: EntityManager,
    recipientIndex: string,
    clientIndex: string | undefined,
    now: Date,
  ): Promise<number> {
    const since = (ms: number) => new Date(now.getTime() - ms);
    const [recipient, client] = await Promise.all([
      em.find(SmsRequest, { recipientIndex, createdAt: { $gt: since(dayMs) } }, { fields: ['createdAt'] }),
      clientIndex
        ? em.find(SmsRequest, { clientIndex, createdAt: { $gt: since(3_600_000) } }, { fields: ['createdAt'] })
        : Promise.resolve([]),
    ]);
    return secondsUntilAllowed(
      this.limits,
      { recipient: recipient.map((r) => r.createdAt), client: client.map((r) => r.createdAt) },
      now,
    );
  }

  private phoneIndexOf(phone: string): string {
    return this.protector.index('phone', phone);
  }

  private clientIndexOf(clientIp?: string): string | undefined {
    return clientIp ? this.protector.digest('client', clientIp) : undefined;
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

  /** The outbox for administrators, newest first: phones and codes masked, never opened. */
  async list(em: EntityManager, limit = 50): Promise<OutboxEntry[]> {
    const messages = await em.find(SmsMessage, {}, { orderBy: { createdAt: 'desc' }, limit });
    return messages.map(({ id, purpose, phoneMasked, text, state, attempts, lastError, createdAt, sentAt }) => ({
      id,
      purpose,
      phoneMasked,
      text: MessageCodes.masked(text),
      state,
      attempts,
      lastError,
      createdAt,
      sentAt,
    }));
  }
}
