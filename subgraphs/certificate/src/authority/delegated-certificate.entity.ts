import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { KeyAlgorithm } from '../keys/key-algorithm';

/**
 * A certificate an issuing CA gave a key it delegates a task to (`CaHierarchy.certifyDelegatedKey`), and where the
 * key lives: each task keeps its own table (`OcspResponder`, `TsaCertificate`).
 */
@Entity({ abstract: true })
export abstract class DelegatedCertificate {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', index: true })
  authorityId!: string;

  @Property({ type: 'text' })
  keyLabel!: string;

  @Property({ type: 'text' })
  algorithm!: KeyAlgorithm;

  @Property({ type: 'blob' })
  certificateDer!: Buffer;

  @Property({ type: 'timestamptz' })
  notAfter!: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
