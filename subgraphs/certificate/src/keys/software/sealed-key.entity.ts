import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { KeyAlgorithm } from '../key-algorithm';

/** A software private key at rest: PKCS#8 sealed with AES-256-GCM under the key-encryption key. */
@Entity({ tableName: 'sealed_key' })
export class SealedKey {
  @PrimaryKey({ type: 'text' })
  label!: string;

  @Property({ type: 'text' })
  algorithm!: KeyAlgorithm;

  @Property({ type: 'blob' })
  iv!: Buffer;

  @Property({ type: 'blob' })
  tag!: Buffer;

  @Property({ type: 'blob' })
  ciphertext!: Buffer;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
