import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { KeyAlgorithm } from '../keys/key-algorithm';

export type AuthorityRole = 'root' | 'issuing';

/**
 * A CA of a hierarchy: its certificate and where its key is (never the key itself). A hierarchy has one
 * root and issuing CAs by generation: the newest is active and signs; a rollover retires it, and a retired
 * one keeps publishing its CRL and answering OCSP until its last certificate expires.
 */
@Entity({ tableName: 'certificate_authority' })
@Unique({ properties: ['hierarchy', 'role', 'generation'] })
@Index({
  name: 'certificate_authority_active_issuing_unique',
  expression: `create unique index "certificate_authority_active_issuing_unique" on "certificate"."certificate_authority" ("hierarchy") where "role" = 'issuing' and "retired_at" is null`,
})
export class CertificateAuthority {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Stable name the URLs use (`root`, `issuing`, `issuing-2`; other hierarchies prefix theirs: `sm2-root`). */
  @Property({ type: 'text', unique: true })
  name!: string;

  /** The hierarchy (CA_HIERARCHIES) this CA belongs to: `international` is the RSA/ECDSA one. */
  @Property({ type: 'text', default: 'international' })
  hierarchy!: string;

  @Enum({ items: ['root', 'issuing'], type: 'text' })
  role!: AuthorityRole;

  /** 1 for a root and the first issuing CA; each rollover adds the next. */
  @Property({ type: 'integer', default: 1 })
  generation!: number;

  /** The CA that signed this one's certificate; null for a root. */
  @Property({ type: 'uuid', nullable: true })
  issuerId?: string;

  @Enum({ items: ['software', 'pkcs11'], type: 'text' })
  keyBackend!: 'software' | 'pkcs11';

  /** Label of the key in its backend; null when the key is kept offline (an imported root). */
  @Property({ type: 'text', nullable: true })
  keyLabel?: string;

  @Property({ type: 'text' })
  algorithm!: KeyAlgorithm;

  @Property({ type: 'blob' })
  certificateDer!: Buffer;

  @Property({ type: 'timestamptz' })
  notAfter!: Date;

  /** Number of the last CRL published (RFC 5280 cRLNumber, strictly increasing). */
  @Property({ type: 'integer' })
  lastCrlNumber: number & Opt = 0;

  /** When a rollover replaced this issuing CA: it signs no certificate from then on. */
  @Property({ type: 'timestamptz', nullable: true })
  retiredAt?: Date;

  /** Who made this CA by a rollover (an administrator, or `operator` at the command line); null at first start. */
  @Property({ type: 'text', nullable: true })
  createdBy?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
