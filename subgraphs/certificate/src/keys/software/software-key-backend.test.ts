import type { MikroORM } from '@mikro-orm/postgresql';
import { openTestDatabase } from '../../testing/test-database';
import type { KeyReference } from '../key-backend';
import { SealedKey } from './sealed-key.entity';
import { SoftwareKeyBackend } from './software-key-backend';

describe('SoftwareKeyBackend: keys at rest', () => {
  let orm: MikroORM;
  const key: KeyReference = { label: 'root-ca', algorithm: 'P-256' };

  beforeAll(async () => {
    orm = await openTestDatabase();
    await new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 1) }).generateKey(key);
  });
  afterAll(() => orm.close());

  it('stores the private key only sealed with AES-256-GCM, never as PKCS#8 in the clear', async () => {
    const row = await orm.em.fork().findOneOrFail(SealedKey, { label: key.label });
    expect(row.iv).toHaveLength(12);
    expect(row.tag).toHaveLength(16);
    // A clear PKCS#8 P-256 key starts with this SEQUENCE + version + algorithm header.
    expect(row.ciphertext.includes(Buffer.from('020100301306072a8648ce3d0201', 'hex'))).toBe(false);
  });

  it('a backend with another key-encryption key cannot open the key', async () => {
    const other = new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 2) });
    await expect(other.sign(key, Buffer.from('x'))).rejects.toThrow();
  });

  it('a sealed key copied onto another label does not open', async () => {
    const em = orm.em.fork();
    const row = await em.findOneOrFail(SealedKey, { label: key.label });
    em.create(SealedKey, {
      label: 'copy',
      algorithm: row.algorithm,
      iv: row.iv,
      tag: row.tag,
      ciphertext: row.ciphertext,
    });
    await em.flush();
    const fresh = new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 1) });
    await expect(fresh.sign({ label: 'copy', algorithm: 'P-256' }, Buffer.from('x'))).rejects.toThrow();
    await expect(fresh.sign(key, Buffer.from('x'))).resolves.toBeInstanceOf(Buffer);
  });

  it('refuses a key-encryption key that is not 32 bytes', () => {
    expect(() => new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(16) })).toThrow(RangeError);
  });
});
