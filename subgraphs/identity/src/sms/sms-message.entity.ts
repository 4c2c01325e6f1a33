import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export type SmsState = 'pending' | 'sent' | 'failed';

/**
 * A text message in the transactional outbox (ID-9): written in the same transaction as what
 * caused it, delivered by the dispatcher with retries, readable by administrators (codes masked).
 */
@Entity({ tableName: 'sms_message' })
@Index({ properties: ['state', 'nextAttemptAt'] })
export class SmsMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Why it was sent, e.g. `registration`; not the text. */
  @Property({ type: 'text' })
  purpose!: string;

  @Property({ type: 'text' })
  phoneSealed!: string;

  @Property({ type: 'text' })
  phoneMasked!: string;

  /**
   * The text with the placeholder `{code}` where a one-time code goes: the code is filled in for
   * the sender at send time and never stored (see MessageCodes).
   */
  @Property({ type: 'text' })
  text!: string;

  @Enum({ items: ['pending', 'sent', 'failed'], type: 'text' })
  state: SmsState & Opt = 'pending';

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'timestamptz' })
  nextAttemptAt: Date & Opt = new Date();

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  sentAt?: Date;
}
