import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The embedded default's key-encryption key: 32 random bytes in a file readable by the owner only,
 * made on first start. A deployment sets the key through configuration instead, so that the
 * sealed keys in the database and the key that opens them are not stored together.
 */
export function keyEncryptionKeyFile(file: string): Buffer {
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new RangeError(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
