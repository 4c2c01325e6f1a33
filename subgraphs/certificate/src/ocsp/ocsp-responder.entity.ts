import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { KeyAlgorithm } from '../keys/key-algorithm';

/** The delegated OCSP signer of one issuing CA (RFC 6960 §4.2.2.2): its certificate and key location. */
@Entity({ tableName: 'ocsp_responder' })
export class OcspResponder {
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
