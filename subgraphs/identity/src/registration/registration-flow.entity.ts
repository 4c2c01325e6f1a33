import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Bank } from '../banks/bank.entity';
import { SmsMessage } from '../sms/sms-message.entity';
import { User } from '../users/user.entity';
import type { IdType } from '../validation/id-document';

/** The three steps of ID-1, and the end. */
export const registrationSteps = ['login', 'identity', 'verification', 'completed'] as const;
export type RegistrationStep = (typeof registrationSteps)[number];

/**
 * A registration in progress (ID-1): the client carries its id through the steps; entered
 * values stay so "previous step" shows them. The password is kept only as its hash, personal
 * numbers only sealed (ID-8).
 */
@Entity({ tableName: 'registration_flow' })
export class RegistrationFlow {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: [...registrationSteps], type: 'text' })
  step: RegistrationStep & Opt = 'login';

  @Property({ type: 'timestamptz' })
  @Index()
  expiresAt!: Date;

  @Property({ type: 'text', nullable: true })
  username?: string;

  @Property({ type: 'text', nullable: true })
  passwordHash?: string;

  @Property({ type: 'text', nullable: true })
  name?: string;

  @Property({ type: 'text', nullable: true })
  idType?: IdType;

  @Property({ type: 'text', nullable: true })
  idNumberSealed?: string;

  @ManyToOne(() => Bank, { fieldName: 'bank_code', mapToPk: true, nullable: true, deleteRule: 'no action' })
  bankCode?: string;

  @Property({ type: 'text', nullable: true })
  cardNumberSealed?: string;

  @Property({ type: 'text', nullable: true })
  phoneSealed?: string;

  /** Bank checks made for this flow: capped, so a flow cannot probe the bank for matching elements. */
  @Property({ type: 'int' })
  bankChecks: number & Opt = 0;

  /** Set when the bank confirmed the four elements as entered; cleared when any of them changes. */
  @Property({ type: 'timestamptz', nullable: true })
  bankVerifiedAt?: Date;

  /** The last SMS code message, for its delivery status. */
  @ManyToOne(() => SmsMessage, { fieldName: 'sms_message_id', mapToPk: true, nullable: true, deleteRule: 'set null' })
  smsMessageId?: string;

  @ManyToOne(() => User, { fieldName: 'user_id', mapToPk: true, nullable: true, deleteRule: 'cascade' })
  userId?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
