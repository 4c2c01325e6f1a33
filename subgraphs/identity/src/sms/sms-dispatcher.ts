import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { DataProtector, Logger } from '@tessera/kit';
import { MessageCodes } from './message-codes';
import { SmsMessage } from './sms-message.entity';
import type { SmsSender } from './sms-sender';

export interface SmsDispatcherOptions {
  /** Attempts before a message is given up as failed. */
  maxAttempts?: number;
  /** Wait after the first failure; doubled after each further one. */
  backoffSeconds?: number;
  batchSize?: number;
  log: Logger;
  /** Told how each attempt ended (metrics). */
  onOutcome?: (outcome: 'sent' | 'retry' | 'failed') => void;
}

/**
 * Delivers the outbox: takes due messages with `for update skip locked` (several processes may
 * run it), sends them with their codes filled in (the outbox holds none), and schedules retries
 * with exponential backoff.
 */
export class SmsDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private readonly codes: MessageCodes;

  constructor(
    private readonly em: EntityManager,
    private readonly sender: SmsSender,
    private readonly protector: DataProtector,
    private readonly options: SmsDispatcherOptions,
  ) {
    this.codes = new MessageCodes(protector);
  }

  /** Sends every due message once; returns how many were attempted. */
  async dispatchDue(now = new Date()): Promise<number> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const backoff = this.options.backoffSeconds ?? 5;
    return this.em.fork().transactional(async (em) => {
      const due = await em.find(
        SmsMessage,
        { state: 'pending', nextAttemptAt: { $lte: now } },
        {
          orderBy: { nextAttemptAt: 'asc' },
          limit: this.options.batchSize ?? 50,
          lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
        },
      );
      for (const message of due) {
        message.attempts++;
        try {
          await this.sender.send({
            id: message.id,
            phone: this.protector.open('phone', message.phoneSealed),
            text: this.codes.render(message.text, message.id),
          });
          message.state = 'sent';
          message.sentAt = new Date();
          message.lastError = undefined;
          this.options.onOutcome?.('sent');
        } catch (error) {
          message.lastError = (error as Error).message;
          if (message.attempts >= maxAttempts) {
            message.state = 'failed';
            this.options.log.error({ smsId: message.id, attempts: message.attempts }, 'SMS given up');
            this.options.onOutcome?.('failed');
          } else {
            message.nextAttemptAt = new Date(now.getTime() + backoff * 2 ** (message.attempts - 1) * 1000);
            this.options.log.warn({ smsId: message.id, attempts: message.attempts }, 'SMS failed, will retry');
            this.options.onOutcome?.('retry');
          }
        }
      }
      return due.length;
    });
  }

  /** Polls the outbox every `intervalMs` until stopped. */
  start(intervalMs = 1000): void {
    const tick = () => {
      this.running = this.dispatchDue().catch((error: unknown) => {
        this.options.log.error({ err: error }, 'SMS dispatch failed');
        return 0;
      });
      void this.running.finally(() => {
        if (this.timer) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
