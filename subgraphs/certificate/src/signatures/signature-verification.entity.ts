import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** What was handed in: CMS/PKCS#7 SignedData, or a raw signature with the signer's certificate. */
export type SignatureForm = 'cms' | 'raw';
/** Where the signing time came from (issue 15 item 3). */
export type SigningTimeSource = 'timestamp' | 'signingTimeUnverified' | 'none';

/**
 * One call of the signature verification service (issue 15 item 3), valid or not, bad input included:
 * who asked, when, a digest of what they handed in, and the outcome, for auditors.
 */
@Entity({ tableName: 'signature_verification' })
@Index({ properties: ['requestedAt'] })
export class SignatureVerification {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** `system` (a business system's code), `staff` (a staff user id), or another principal kind. */
  @Property({ type: 'text' })
  requesterKind!: string;

  @Property({ type: 'text', index: true })
  requester!: string;

  @Property({ type: 'timestamptz' })
  requestedAt!: Date;

  @Enum({ items: ['cms', 'raw'], type: 'text', nullable: true })
  form?: SignatureForm;

  /** SHA-256 (hex) of everything handed in: signature, certificate, content, each length-prefixed. */
  @Property({ type: 'text' })
  inputDigest!: string;

  @Property({ type: 'boolean' })
  valid!: boolean;

  /** The catalogue code of the failure; null when valid. */
  @Property({ type: 'text', nullable: true })
  code?: string;

  /** The signer's certificate, when Tessera issued it. */
  @Property({ type: 'uuid', nullable: true, index: true })
  certificateId?: string;

  @Property({ type: 'text', nullable: true })
  certificateSerial?: string;

  @Property({ type: 'timestamptz', nullable: true })
  signingTime?: Date;

  @Enum({ items: ['timestamp', 'signingTimeUnverified', 'none'], type: 'text', nullable: true })
  signingTimeSource?: SigningTimeSource;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
