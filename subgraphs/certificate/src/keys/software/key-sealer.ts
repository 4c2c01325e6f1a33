import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyEncryption, Sealed } from '../key-encryption';

export type { Sealed } from '../key-encryption';

/**
 * AES-256-GCM under the key-encryption key. The label is the associated data, so a sealed key
 * copied onto another label's row fails to open instead of signing under the wrong name.
 */
export class KeySealer implements KeyEncryption {
  constructor(private readonly keyEncryptionKey: Buffer) {
    if (keyEncryptionKey.length !== 32) throw new RangeError('the key-encryption key must be 32 bytes');
  }

  seal(label: string, plaintext: Buffer): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyEncryptionKey, iv);
    cipher.setAAD(Buffer.from(label, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), ciphertext };
  }

  open(label: string, sealed: Sealed): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.keyEncryptionKey, sealed.iv);
    decipher.setAAD(Buffer.from(label, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  }
}
