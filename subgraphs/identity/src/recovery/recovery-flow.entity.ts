import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../users/user.entity';

export type RecoveryPurpose = 'username' | 'password';
export type RecoveryMethod = 'questions' | 'sms';

/**
 * A username (ID-13) or password (ID-14) recovery in progress. It exists whether or not the
 * entered data matched an account (`userId` stays empty then), so answers never tell which.
 */
@Entity({ tableName: 'recovery_flow' })
export class RecoveryFlow {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: ['username', 'password'], type: 'text' })
  purpose!: RecoveryPurpose;

  @ManyToOne(() => User, { fieldName: 'user_id', mapToPk: true, nullable: true, deleteRule: 'cascade' })
  userId?: string;

  /**
   * Keyed hash of what the person entered to name the account (the ID document, the username):
   * the same for every flow started with it, matched or not, so the attempt count and the SMS
   * limits of the flows it names are the same for a registered and an unknown person.
   */
  @Property({ type: 'text' })
  subjectKey!: string;

  @Enum({ items: ['questions', 'sms'], type: 'text', nullable: true })
  method?: RecoveryMethod;

  @Property({ type: 'timestamptz', nullable: true })
  verifiedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  completedAt?: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
