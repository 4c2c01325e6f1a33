import { randomUUID } from 'node:crypto';
import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** An issued image captcha (ID-10): only a keyed hash of the answer is kept. */
@Entity({ tableName: 'captcha_challenge' })
export class CaptchaChallenge {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  answerDigest!: string;

  @Property({ type: 'timestamptz' })
  @Index()
  expiresAt!: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
