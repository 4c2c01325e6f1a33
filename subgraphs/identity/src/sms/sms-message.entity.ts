import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export type SmsState = 'pending' | 'sent' | 'failed';

/**
 * A text message in the transactional outbox (ID-9): written in the same transaction as what
 * caused it, delivered by the dispatcher with retries, readable by administrators.
 */
@Entity({ tableName: 'sms_message' })
@Index({ properties: ['state', 'nextAttemptAt'] })
@Index({ name: 'sms_message_phone_index_index', properties: ['phoneIndex', 'createdAt'] })
@Index({ name: 'sms_message_client_index_index', properties: ['clientIndex', 'createdAt'] })
export class SmsMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Why it was sent, e.g. `registration`; not the text. */
  @Property({ type: 'text' })
  purpose!: string;

  @Property({ type: 'text' })
  phoneSealed!: string;

  @Property({ type: 'text' })
  phoneIndex!: string;

  @Property({ type: 'text' })
  phoneMasked!: string;

  /** Keyed hash of the client's address, for the per-client limit. */
  @Property({ type: 'text', nullable: true })
  clientIndex?: string;

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
