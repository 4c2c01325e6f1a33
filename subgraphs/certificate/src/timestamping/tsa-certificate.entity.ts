import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { KeyAlgorithm } from '../keys/key-algorithm';

/** The time-stamping authority's certificate from one issuing CA (RFC 3161 §2.3) and where its key lives. */
@Entity({ tableName: 'tsa_certificate' })
export class TsaCertificate {
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
