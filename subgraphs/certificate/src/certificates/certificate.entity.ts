import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export type CertificateKind = 'personal' | 'organization' | 'server';
export type CertificateUsage = 'signing' | 'encryption';

/** An issued X.509 certificate (CT-1, CT-4). */
@Entity({ tableName: 'certificate' })
export class Certificate {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Hex serial number, unique per issuing CA. */
  @Property({ type: 'text', unique: true })
  serialNumber!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Enum({ items: ['personal', 'organization', 'server'], type: 'text' })
  kind!: CertificateKind;

  @Enum({ items: ['signing', 'encryption'], type: 'text' })
  usage!: CertificateUsage;

  /** The identity `User` who holds it, when the subscriber is a person. */
  @Property({ type: 'uuid', nullable: true, index: true })
  holderUserId?: string;

  @Property({ type: 'timestamptz' })
  notBefore!: Date;

  @Property({ type: 'timestamptz' })
  notAfter!: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
