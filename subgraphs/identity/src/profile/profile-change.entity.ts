import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A change of name, bank, card or phone that the bank has confirmed and that waits for the SMS
 * code sent to the new phone (ID-12). Values sealed as on the account (ID-8).
 */
@Entity({ tableName: 'profile_change' })
export class ProfileChange {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
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
