import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** A user's answer to one security question, argon2-hashed after normalising (ID-16). */
@Entity({ tableName: 'security_answer' })
export class SecurityAnswer {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @PrimaryKey({ type: 'text' })
  questionId!: string;

  @Property({ type: 'text' })
  answerHash!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
