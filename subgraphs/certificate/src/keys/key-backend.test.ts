import { createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { keyBackendFixtures } from '../testing/key-backends';
import { openTestDatabase } from '../testing/test-database';
import { algorithmTraits, type KeyAlgorithm } from './key-algorithm';
import type { KeyBackend, KeyReference } from './key-backend';

function verifies(key: KeyReference, publicKey: Buffer, data: Buffer, signature: Buffer): boolean {
  const traits = algorithmTraits[key.algorithm];
  return verify(
    traits.hash,
    data,
    { key: createPublicKey({ key: publicKey, format: 'der', type: 'spki' }), dsaEncoding: 'der' },
    signature,
  );
}

describe.each(keyBackendFixtures)('KeyBackend: $name (CT-4)', (fixture) => {
  const run = fixture.available() ? it : it.skip;
  let orm: MikroORM;
  let backend: KeyBackend;
  let close: () => Promise<void>;

  beforeAll(async () => {
    if (!fixture.available()) return;
    orm = await openTestDatabase();
    ({ backend, close } = await fixture.open(orm));
  });
  afterAll(async () => {
    await close?.();
    await orm?.close();
  });

  const algorithms: KeyAlgorithm[] = ['P-256', 'P-384', 'RSA-2048'];
  run.each(algorithms)(
    'CT-4: a generated %s key signs hash-then-sign signatures that verify with its public key',
    async (algorithm) => {
      const key = { label: `gen-${algorithm}-${randomUUID()}`, algorithm };
      await backend.generateKey(key);
      const data = Buffer.from('to be signed');
      const signature = await backend.sign(key, data);
      const publicKey = await backend.publicKey(key);
      expect(verifies(key, publicKey, data, signature)).toBe(true);
      expect(verifies(key, publicKey, Buffer.from('something else'), signature)).toBe(false);
    },
  );

  run('an imported key keeps its public key and signs', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key: KeyReference = { label: `imported-${randomUUID()}`, algorithm: 'P-256' };
    await backend.importKey(key, privateKey.export({ type: 'pkcs8', format: 'der' }));
    const expected = publicKey.export({ type: 'spki', format: 'der' });
    expect((await backend.publicKey(key)).equals(expected)).toBe(true);
    const data = Buffer.from('imported');
    expect(verifies(key, expected, data, await backend.sign(key, data))).toBe(true);
  });

  run('an import of a key of another algorithm than declared is refused', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const key: KeyReference = { label: `mismatch-${randomUUID()}`, algorithm: 'P-256' };
    await expect(backend.importKey(key, privateKey.export({ type: 'pkcs8', format: 'der' }))).rejects.toThrow(
      'not P-256',
    );
    expect(await backend.hasKey(key.label)).toBe(false);
  });

  run('a label is never reused', async () => {
    const key: KeyReference = { label: `once-${randomUUID()}`, algorithm: 'P-256' };
    await backend.generateKey(key);
    expect(await backend.hasKey(key.label)).toBe(true);
    await expect(backend.generateKey(key)).rejects.toThrow('already exists');
  });

  run('signs many things at once, each signature valid', async () => {
    const key: KeyReference = { label: `parallel-${randomUUID()}`, algorithm: 'P-256' };
    await backend.generateKey(key);
    const publicKey = await backend.publicKey(key);
    const messages = Array.from({ length: 64 }, (_, i) => Buffer.from(`message ${i}`));
    const signatures = await Promise.all(messages.map((message) => backend.sign(key, message)));
    signatures.forEach((signature, i) => {
      expect(verifies(key, publicKey, messages[i] as Buffer, signature)).toBe(true);
    });
  });
});
