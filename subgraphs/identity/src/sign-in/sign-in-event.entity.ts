import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/** One sign-in attempt on a known account: the sign-in history administrators read (ID-18). */
@Entity({ tableName: 'sign_in_event' })
@Index({ properties: ['userId', 'at'] })
export class SignInEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { fieldName: 'user_id', mapToPk: true, deleteRule: 'no action' })
  userId!: string;

  @Property({ type: 'text' })
  method!: string;

  /** `success`, `wrong_password`, `locked`. */
  @Property({ type: 'text' })
  outcome!: string;

  @Property({ type: 'timestamptz' })
  at: Date & Opt = new Date();
}
