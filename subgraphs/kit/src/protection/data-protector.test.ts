import { randomBytes } from 'node:crypto';
import { DataProtector, parseDataProtectionKeys } from './data-protector';

describe('DataProtector (ID-8)', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const indexKey = randomBytes(32);

  it('seals with AES-256-GCM: the ciphertext hides the value and opens again', () => {
    const protector = new DataProtector({ activeKeyId: 'k1', keys: { k1: oldKey }, indexKey });
    const sealed = protector.seal('idNumber', '440303198503121239');
    expect(sealed).not.toContain('440303198503121239');
    expect(sealed.startsWith('k1.')).toBe(true);
    expect(protector.open('idNumber', sealed)).toBe('440303198503121239');
    expect(protector.seal('idNumber', '440303198503121239')).not.toBe(sealed);
  });

  it('refuses a tampered ciphertext and a value moved to another field', () => {
    const protector = new DataProtector({ activeKeyId: 'k1', keys: { k1: oldKey }, indexKey });
    const sealed = protector.seal('phone', '13800138000');
    const [id, iv, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(() => protector.open('phone', [id, iv, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => protector.open('cardNumber', sealed)).toThrow();
  });

  it('rotates keys: values sealed under the old key id still open and are marked stale', () => {
    const before = new DataProtector({ activeKeyId: 'k1', keys: { k1: oldKey }, indexKey });
    const sealed = before.seal('cardNumber', '6222020000000001230');
    const after = new DataProtector({ activeKeyId: 'k2', keys: { k2: newKey, k1: oldKey }, indexKey });
    expect(after.open('cardNumber', sealed)).toBe('6222020000000001230');
    expect(after.isStale(sealed)).toBe(true);
    expect(after.isStale(after.seal('cardNumber', '6222020000000001230'))).toBe(false);
    expect(after.index('phone', '13800138000')).toBe(before.index('phone', '13800138000'));
  });

  it('indexes deterministically per field with a keyed hash', () => {
    const protector = new DataProtector({ activeKeyId: 'k1', keys: { k1: oldKey }, indexKey });
    const other = new DataProtector({ activeKeyId: 'k1', keys: { k1: oldKey }, indexKey: randomBytes(32) });
    expect(protector.index('phone', '13800138000')).toBe(protector.index('phone', '13800138000'));
    expect(protector.index('phone', '13800138000')).not.toBe(protector.index('idNumber', '13800138000'));
    expect(protector.index('phone', '13800138000')).not.toBe(other.index('phone', '13800138000'));
  });

  it('parses DATA_ENCRYPTION_KEYS with the first key active', () => {
    const keys = parseDataProtectionKeys(
      `k2:${newKey.toString('base64')}, k1:${oldKey.toString('base64')}`,
      indexKey.toString('base64'),
    );
    expect(keys.activeKeyId).toBe('k2');
    expect(keys.keys.k1?.equals(oldKey)).toBe(true);
    expect(() => new DataProtector({ ...keys, keys: { k2: randomBytes(16) } })).toThrow(/32 bytes/);
  });
});
