import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface DataProtectionKeys {
  /** Key id that seals new values; older ids stay listed to open what they sealed. */
  activeKeyId: string;
  /** AES-256 keys (32 bytes) by key id. */
  keys: Record<string, Buffer>;
  /** HMAC-SHA256 key of the lookup index; it never rotates with the encryption keys. */
  indexKey: Buffer;
}

/** What a sealed value is: the AAD binds it to its field so a ciphertext cannot move columns. */
export type ProtectedField = 'idNumber' | 'cardNumber' | 'phone' | 'totpSecret' | 'signingKey';

/**
 * Personal data at rest (ID-8): AES-256-GCM under a key id, so keys rotate without re-reading
 * everything at once, plus a keyed hash (HMAC) for exact lookups without decrypting.
 */
export class DataProtector {
  constructor(private readonly keys: DataProtectionKeys) {
    for (const [id, key] of Object.entries(keys.keys)) {
      if (key.length !== 32) throw new Error(`data protection key ${id} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`data protection key id ${id} must be [A-Za-z0-9_-]`);
    }
    if (!keys.keys[keys.activeKeyId]) throw new Error(`active data protection key ${keys.activeKeyId} is not listed`);
    if (keys.indexKey.length < 32) throw new Error('the data index key must have at least 32 bytes');
  }

  /** `keyId.iv.ciphertext+tag`, base64url parts. */
  seal(field: ProtectedField, plaintext: string): string {
    const keyId = this.keys.activeKeyId;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.keys[keyId] as Buffer, iv);
    cipher.setAAD(Buffer.from(field));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [keyId, iv.toString('base64url'), body.toString('base64url')].join('.');
  }

  open(field: ProtectedField, sealed: string): string {
    const [keyId, iv, body] = sealed.split('.');
    const key = keyId ? this.keys.keys[keyId] : undefined;
    if (!key || !iv || !body) throw new Error('sealed value has an unknown key id or a bad shape');
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
  }

  /** The key id that seals new values. */
  get activeKeyId(): string {
    return this.keys.activeKeyId;
  }

  /** Sealed under a key that is no longer the active one: re-seal it when convenient. */
  isStale(sealed: string): boolean {
    return !sealed.startsWith(`${this.keys.activeKeyId}.`);
  }

  /** The keyed lookup hash of a value, separated per field. */
  index(field: ProtectedField, value: string): string {
    return createHmac('sha256', this.keys.indexKey).update(`${field}\0${value}`).digest('hex');
  }

  /** A keyed hash for secrets that are only compared (SMS codes, captcha answers). */
  digest(purpose: string, value: string): string {
    return createHmac('sha256', this.keys.indexKey).update(`${purpose}\0${value}`).digest('hex');
  }
}

/**
 * Parses `DATA_ENCRYPTION_KEYS` (`id:base64key`, comma-separated, the first one active) and
 * `DATA_INDEX_KEY` (base64).
 */
export function parseDataProtectionKeys(encryptionKeys: string, indexKey: string): DataProtectionKeys {
  const entries = encryptionKeys.split(',').map((entry) => {
    const [id, key] = entry.trim().split(':');
    if (!id || !key) throw new Error('DATA_ENCRYPTION_KEYS entries are id:base64key');
    return [id, Buffer.from(key, 'base64')] as const;
  });
  return {
    activeKeyId: (entries[0] as readonly [string, Buffer])[0],
    keys: Object.fromEntries(entries),
    indexKey: Buffer.from(indexKey, 'base64'),
  };
}
