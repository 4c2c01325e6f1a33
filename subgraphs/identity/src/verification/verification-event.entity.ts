import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Bank } from '../banks/bank.entity';
import { User } from '../users/user.entity';

/** One real-name check of an account with the bank (ID-3, ID-12): the verification history of ID-18. */
@Entity({ tableName: 'verification_event' })
@Index({ properties: ['userId', 'at'] })
export class VerificationEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { fieldName: 'user_id', mapToPk: true, deleteRule: 'no action' })
  userId!: string;

  /** `registration` or `profile_change`. */
  @Property({ type: 'text' })
  reason!: string;

  @ManyToOne(() => Bank, { fieldName: 'bank_code', mapToPk: true, deleteRule: 'no action' })
  bankCode!: string;

  /** The bank's answer (`verified`, `phone_mismatch`, …). */
  @Property({ type: 'text' })
  outcome!: string;

  @Property({ type: 'timestamptz' })
  at: Date & Opt = new Date();
}
