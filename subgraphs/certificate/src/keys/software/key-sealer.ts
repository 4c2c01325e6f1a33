import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyEncryption, Sealed } from '../key-encryption';

export type { Sealed } from '../key-encryption';

/**
 * AES-256-GCM under the key-encryption key. The label is the associated data, so a sealed key
 * copied onto another label's row fails to open instead of signing under the wrong name.
 * During a rotation, keys replaced by it still open what they sealed (GCM's tag tells which key
 * sealed a value), until every value is sealed again under the current key.
 */
export class KeySealer implements KeyEncryption {
  constructor(
    private readonly keyEncryptionKey: Buffer,
    private readonly previousKeys: readonly Buffer[] = [],
  ) {
    for (const key of [keyEncryptionKey, ...previousKeys]) {
      if (key.length !== 32) throw new RangeError('the key-encryption key must be 32 bytes');
    }
  }

  seal(label: string, plaintext: Buffer): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyEncryptionKey, iv);
    cipher.setAAD(Buffer.from(label, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), ciphertext };
  }

  open(label: string, sealed: Sealed): Buffer {
    try {
      return openWith(this.keyEncryptionKey, label, sealed);
    } catch (error) {
      for (const key of this.previousKeys) {
        try {
          return openWith(key, label, sealed);
        } catch {
          // Not sealed under this one either.
        }
      }
      throw error;
    }
  }

  /** Whether the current key sealed `sealed` (else a previous one did, or none). */
  opensWithCurrentKey(label: string, sealed: Sealed): boolean {
    try {
      openWith(this.keyEncryptionKey, label, sealed);
      return true;
    } catch {
      return false;
    }
  }
}

function openWith(key: Buffer, label: string, sealed: Sealed): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(label, 'utf8'));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}
