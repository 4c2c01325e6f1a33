import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { KeyAlgorithm } from '../keys/key-algorithm';

export type AuthorityRole = 'root' | 'issuing';

/** A CA of the hierarchy: its certificate and where its key is (never the key itself). */
@Entity({ tableName: 'certificate_authority' })
export class CertificateAuthority {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Stable name the configuration and URLs use (`root`, `issuing`). */
  @Property({ type: 'text', unique: true })
  name!: string;

  @Enum({ items: ['root', 'issuing'], type: 'text' })
  role!: AuthorityRole;

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

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
