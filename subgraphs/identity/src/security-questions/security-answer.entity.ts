import { Entity, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/** A user's answer to one security question, argon2-hashed after normalising (ID-16). */
@Entity({ tableName: 'security_answer' })
export class SecurityAnswer {
  @ManyToOne(() => User, { fieldName: 'user_id', primary: true, mapToPk: true, deleteRule: 'cascade' })
  userId!: string;

  @PrimaryKey({ type: 'text' })
  questionId!: string;

  @Property({ type: 'text' })
  answerHash!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
