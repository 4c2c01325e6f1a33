import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** The nine business types of an application (RA-1..RA-8). */
export const businessTypes = [
  'new',
  'renewal',
  'change',
  'revocation',
  'suspension',
  'release',
  'unlock',
  'lost_reissue',
  'damaged_replacement',
] as const;
export type BusinessType = (typeof businessTypes)[number];

/** A subscriber's certificate application as the RA moves it through its workflow. */
@Entity({ tableName: 'certificate_application' })
export class CertificateApplication {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: [...businessTypes], type: 'text' })
  businessType!: BusinessType;

  @Property({ type: 'text' })
  state: string & Opt = 'submitted';

  /** The identity `User` who applied, when the subscriber is a person. */
  @Property({ type: 'uuid', nullable: true, index: true })
  applicantUserId?: string;

  /** The certificate subgraph's `Certificate` this application produced or acts on. */
  @Property({ type: 'uuid', nullable: true, index: true })
  certificateId?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
