import { randomUUID } from 'node:crypto';
import { Entity, Enum, Formula, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

import type { RevocationReason } from '../revocation/revocation-reason';
import { type SubjectNameAttribute, subjectAttributeSql } from './subject-names';

/** The index that makes the exact status query by a subscriber's name (CT-2) a lookup. */
const subjectNameIndex = (attribute: SubjectNameAttribute) => {
  const name = `certificate_subject_${attribute.toLowerCase()}_index`;
  return {
    name,
    expression: `create index "${name}" on "certificate"."certificate" ((${subjectAttributeSql(attribute)}))`,
  };
};

export type CertificateKind = 'personal' | 'organization' | 'server';
export type CertificateUsage = 'signing' | 'encryption';

/** An issued X.509 certificate (CT-1, CT-4). */
@Entity({ tableName: 'certificate' })
@Index({
  name: 'certificate_revoked_index',
  expression:
    'create index "certificate_revoked_index" on "certificate"."certificate" ("authority_id") where "revoked_at" is not null',
})
@Index({
  name: 'certificate_subject_trgm_index',
  expression:
    'create index "certificate_subject_trgm_index" on "certificate"."certificate" using gin ("subject" public.gin_trgm_ops)',
})
/** A retired CA publishes until its last certificate expires: the latest notAfter it signed (issue 13 item 6). */
@Index({ name: 'certificate_authority_id_not_after_index', properties: ['authorityId', 'notAfter'] })
@Index(subjectNameIndex('CN'))
@Index(subjectNameIndex('O'))
export class Certificate {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Hex serial number, unique per issuing CA. */
  @Property({ type: 'text', unique: true })
  serialNumber!: string;

  @Property({ type: 'text' })
  subject!: string;

  /** The subject's CN, computed by the database (not stored): the exact status query matches it (CT-2). */
  @Formula((table) => subjectAttributeSql('CN', `${table}."subject"`), { lazy: true })
  subjectCommonName?: string & Opt;

  /** The subject's O: a unit's name (CT-2). */
  @Formula((table) => subjectAttributeSql('O', `${table}."subject"`), { lazy: true })
  subjectOrganization?: string & Opt;

  @Enum({ items: ['personal', 'organization', 'server'], type: 'text' })
  kind!: CertificateKind;

  @Enum({ items: ['signing', 'encryption'], type: 'text' })
  usage!: CertificateUsage;

  /**
   * The subscriber's social-insurance number (社保编号, person or unit), as the RA sent it: the
   * status query and the staff search find certificates by it (GM/T 0015 InsuranceNumber).
   */
  @Property({ type: 'text', nullable: true, index: true })
  insuranceNumber?: string;

  /** A unit's unified social credit code (统一社会信用代码), found the same way. */
  @Property({ type: 'text', nullable: true, index: true })
  creditCode?: string;

  /** The identity `User` who holds it, when the subscriber is a person. */
  @Property({ type: 'uuid', nullable: true, index: true })
  holderUserId?: string;

  @Property({ type: 'timestamptz' })
  notBefore!: Date;

  @Property({ type: 'timestamptz' })
  notAfter!: Date;

  /** The issuing CA; null until issued. */
  @Property({ type: 'uuid', nullable: true })
  authorityId?: string;

  /** The signed certificate; null while the application is approved but not yet issued (CT-2). */
  @Property({ type: 'blob', nullable: true, lazy: true })
  der?: Buffer;

  @Property({ type: 'timestamptz', nullable: true })
  issuedAt?: Date | null;

  /** Set while the certificate is revoked or on hold (certificateHold); cleared by a release. */
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  revocationReason?: RevocationReason | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
