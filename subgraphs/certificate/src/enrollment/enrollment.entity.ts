import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { CertificateKind, CertificateUsage } from '../certificates/certificate.entity';

/**
 * What the RA approved (RA-11): subject, profile and validity, redeemable once with the
 * reference code and the authorization code (kept only as a hash) and a CSR.
 */
@Entity({ tableName: 'enrollment' })
@Unique({
  name: 'enrollment_application_reference_unique',
  expression:
    'create unique index "enrollment_application_reference_unique" on "certificate"."enrollment" ("application_reference") where "application_reference" is not null',
})
export class Enrollment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Public: printed on the form and given to the issuing clerk. */
  @Property({ type: 'text', unique: true })
  referenceCode!: string;

  /** SHA-256 of the authorization code; the code itself is shown once and never stored. */
  @Property({ type: 'blob' })
  authorizationCodeHash!: Buffer;

  @Enum({ items: ['personal', 'organization', 'server'], type: 'text' })
  kind!: CertificateKind;

  @Enum({ items: ['signing', 'encryption'], type: 'text' })
  usage!: CertificateUsage;

  @Property({ type: 'text' })
  subject!: string;

  /** Approved DNS names (server certificates): the certificate carries them, a CSR may ask for no others. */
  @Property({ type: 'json' })
  dnsNames: string[] & Opt = [];

  /** The approved mailbox (rfc822Name); absent, the certificate carries no emailProtection. */
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'uuid', nullable: true })
  holderUserId?: string;

  /**
   * A person's ID number for the GM/T 0015 IdentityCode, sealed (ID-8: the kit's DataProtector,
   * `DATA_ENCRYPTION_KEYS`) until the certificate carries it; never in clear at rest here.
   */
  @Property({ type: 'text', nullable: true, lazy: true })
  idNumberSealed?: string | null;

  /** The subscriber's social-insurance number (GM/T 0015 InsuranceNumber). */
  @Property({ type: 'text', nullable: true })
  insuranceNumber?: string | null;

  /** A unit's unified social credit code (ICRegistrationNumber, OrganizationCode, TaxationNumber). */
  @Property({ type: 'text', nullable: true })
  creditCode?: string | null;

  /** A unit's organization code, when it has no credit code. */
  @Property({ type: 'text', nullable: true })
  organizationCode?: string | null;

  @Property({ type: 'integer' })
  validityDays!: number;

  /**
   * The CA hierarchy (CA_HIERARCHIES) the certificate is issued under, as the RA's application chose it (issue 14:
   * 国密 `sm2` or 国际 `international`); the CSR's key must be of its family. Null: the default hierarchy.
   */
  @Property({ type: 'text', nullable: true })
  hierarchy?: string | null;

  /** The RA's key for the approval: a repeated request with it returns this enrollment again. */
  @Property({ type: 'text', nullable: true })
  applicationReference?: string;

  /** The reserved certificate row (state "new application" until redeemed, CT-2). */
  @Property({ type: 'uuid' })
  certificateId!: string;

  /** A dual certificate (CT-1): the reserved row of the encryption certificate the KMC adds at redemption. */
  @Property({ type: 'uuid', nullable: true })
  encryptionCertificateId?: string;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'integer' })
  failedAttempts: number & Opt = 0;

  @Property({ type: 'timestamptz', nullable: true })
  redeemedAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
