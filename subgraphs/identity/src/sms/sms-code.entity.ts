import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { SmsMessage } from './sms-message.entity';

/** A one-time SMS code (ID-9): 6 digits, stored only as a keyed hash, 5 minutes, 5 tries, single use. */
@Entity({ tableName: 'sms_code' })
@Index({ properties: ['purpose', 'subject'] })
export class SmsCode {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The flow the code belongs to, e.g. `registration`. */
  @Property({ type: 'text' })
  purpose!: string;

  /** The flow instance or account the code confirms. */
  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'text' })
  codeDigest!: string;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'timestamptz', nullable: true })
  consumedAt?: Date;

  /**
   * The message that carries the code; none for a decoy, the code of a recovery whose data matched
   * no account (or whose phone's limits held the message back): it exists so that answering it
   * goes the same way, and no answer matches it.
   */
  @ManyToOne(() => SmsMessage, { fieldName: 'message_id', mapToPk: true, nullable: true, deleteRule: 'cascade' })
  messageId?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
