import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { KeyAlgorithm } from '../keys/key-algorithm';

/**
 * An encryption private key the key-management centre generated (CT-1, GM/T 0034): its PKCS#8
 * sealed with AES-256-GCM under the KMC key-encryption key, the escrow id as associated data.
 * Never exposed through the graph; it leaves only inside a digital envelope.
 */
@Entity({ tableName: 'key_escrow' })
export class KeyEscrow {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The encryption certificate of the escrowed key. */
  @Property({ type: 'uuid', unique: true })
  encryptionCertificateId!: string;

  /** The signing certificate whose key the key was first delivered to. */
  @Property({ type: 'uuid', index: true })
  signingCertificateId!: string;

  @Property({ type: 'text', index: true })
  subject!: string;

  @Property({ type: 'text' })
  algorithm!: KeyAlgorithm;

  @Property({ type: 'blob', lazy: true })
  iv!: Buffer;

  @Property({ type: 'blob', lazy: true })
  tag!: Buffer;

  @Property({ type: 'blob', lazy: true })
  ciphertext!: Buffer;

  @Property({ type: 'timestamptz' })
  escrowedAt!: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
