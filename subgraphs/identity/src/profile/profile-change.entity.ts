import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Bank } from '../banks/bank.entity';
import { User } from '../users/user.entity';

/**
 * A change of name, bank, card or phone that the bank has confirmed and that waits for the SMS
 * code sent to the new phone (ID-12). Values sealed as on the account (ID-8).
 */
@Entity({ tableName: 'profile_change' })
export class ProfileChange {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { fieldName: 'user_id', mapToPk: true, deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => Bank, { fieldName: 'bank_code', mapToPk: true, deleteRule: 'no action' })
  bankCode!: string;

  @Property({ type: 'text' })
  cardNumberSealed!: string;

  @Property({ type: 'text' })
  phoneSealed!: string;

  @Property({ type: 'timestamptz' })
  verifiedAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  appliedAt?: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
