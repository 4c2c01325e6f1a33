import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A captcha that has been answered, rightly or not (ID-10: single use). Kept until the challenge
 * would have expired anyway, then purged.
 */
@Entity({ tableName: 'spent_captcha' })
export class SpentCaptcha {
  @PrimaryKey({ type: 'uuid' })
  nonce!: string;

  @Property({ type: 'timestamptz' })
  @Index()
  expiresAt!: Date;
}
