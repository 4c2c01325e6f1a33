import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A challenge a certificate sign-in signs (issue 15): random, single use, short-lived, in PostgreSQL so
 * any replica can take the answer; bound to the OpenID Connect interaction it was issued for, or to the
 * web client's sign-in when `interactionUid` is null.
 */
@Entity({ tableName: 'certificate_challenge' })
export class CertificateChallenge {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Base64 of the exact bytes to sign. */
  @Property({ type: 'text' })
  challenge!: string;

  @Property({ type: 'text', nullable: true })
  interactionUid?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz' })
  @Index()
  expiresAt!: Date;

  /** Set when a sign-in presented it, whatever the outcome: a challenge signs one attempt only. */
  @Property({ type: 'timestamptz', nullable: true })
  spentAt?: Date | null;

  /** Set when the page reported the PIN its EKey checked for this challenge (CT-3): one report per challenge. */
  @Property({ type: 'timestamptz', nullable: true })
  pinReportedAt?: Date | null;
}
