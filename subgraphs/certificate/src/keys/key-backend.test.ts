import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { CertificateAuthority } from '../authority/certificate-authority.entity';
import { createPki } from '../pki';
import { keyBackendFixtures } from '../testing/key-backends';
import { openTestDatabase } from '../testing/test-database';
import { algorithmTraits, type KeyAlgorithm } from './key-algorithm';
import { type KeyBackend, type KeyReference, UnsupportedKeyAlgorithmError } from './key-backend';
import { verifySignature } from './signature-verification';

function verifies(key: KeyReference, publicKey: Buffer, data: Buffer, signature: Buffer): Promise<boolean> {
  return verifySignature(algorithmTraits[key.algorithm].hash, publicKey, data, signature);
}

/** Which algorithms each backend must hold: SoftHSM has no SM2 mechanism, and no token Tessera drives does. */
const expectedAlgorithms: Record<'software' | 'pkcs11', KeyAlgorithm[]> = {
  software: ['P-256', 'P-384', 'RSA-2048', 'RSA-3072', 'SM2'],
  pkcs11: ['P-256', 'P-384', 'RSA-2048', 'RSA-3072'],
};

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

  run('supports exactly the algorithms it can hold, and names what it lacks for the others (issue 14)', () => {
    const all = Object.keys(algorithmTraits) as KeyAlgorithm[];
    const supported = all.filter((algorithm) => backend.supports(algorithm) === true);
    expect(supported).toEqual(expectedAlgorithms[fixture.name]);
    for (const algorithm of all.filter((candidate) => !supported.includes(candidate))) {
      const refusal = backend.supports(algorithm);
      expect(refusal).toBeInstanceOf(UnsupportedKeyAlgorithmError);
      expect(String((refusal as Error).message)).toMatch(/SM2 mechanism/);
    }
  });

  const algorithms: KeyAlgorithm[] = ['P-256', 'P-384', 'RSA-2048', 'SM2'];
  run.each(algorithms.filter((algorithm) => expectedAlgorithms[fixture.name].includes(algorithm)))(
    'CT-4: a generated %s key signs hash-then-sign signatures that verify with its public key',
    async (algorithm) => {
      const key = { label: `gen-${algorithm}-${randomUUID()}`, algorithm };
      await backend.generateKey(key);
      const data = Buffer.from('to be signed');
      const signature = await backend.sign(key, data);
      const publicKey = await backend.publicKey(key);
      expect(await verifies(key, publicKey, data, signature)).toBe(true);
      expect(await verifies(key, publicKey, Buffer.from('something else'), signature)).toBe(false);
    },
  );

  run('an imported key keeps its public key and signs', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key: KeyReference = { label: `imported-${randomUUID()}`, algorithm: 'P-256' };
    await backend.importKey(key, privateKey.export({ type: 'pkcs8', format: 'der' }));
    const expected = publicKey.export({ type: 'spki', format: 'der' });
    expect((await backend.publicKey(key)).equals(expected)).toBe(true);
    const data = Buffer.from('imported');
    expect(await verifies(key, expected, data, await backend.sign(key, data))).toBe(true);
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
    const verified = await Promise.all(
      signatures.map((signature, i) => verifies(key, publicKey, messages[i] as Buffer, signature)),
    );
    expect(verified.every(Boolean)).toBe(true);
  });

  // Only a token lacks mechanisms: the software backend holds every algorithm (checked above).
  if (fixture.name === 'pkcs11') {
    run(
      'a token without SM2 refuses SM2 keys at once, naming the mechanism, and an SM2 CA stops at start (issue 14)',
      async () => {
        const key: KeyReference = { label: `sm2-${randomUUID()}`, algorithm: 'SM2' };
        await expect(backend.generateKey(key)).rejects.toThrow(UnsupportedKeyAlgorithmError);
        await expect(backend.generateKey(key)).rejects.toThrow(
          /pkcs11 key backend cannot hold SM2 keys: it has no SM2 mechanism .*SM3withSM2/,
        );
        await expect(backend.sign(key, Buffer.from('x'))).rejects.toThrow(UnsupportedKeyAlgorithmError);
        expect(await backend.hasKey(key.label)).toBe(false);

        // The CA checks at start, before it makes any key or certificate.
        const pki = createPki(orm.em, backend, { publicUrl: 'http://pki.tessera.test/', algorithm: 'SM2' });
        await expect(pki.hierarchy.ensure()).rejects.toThrow(/cannot hold SM2 keys: it has no SM2 mechanism/);
        // CA_HIERARCHIES naming `sm2` on a token: refused before the international hierarchy is made either.
        const both = createPki(orm.em, backend, {
          publicUrl: 'http://pki.tessera.test/',
          hierarchies: ['international', 'sm2'],
        });
        await expect(both.hierarchy.ensure()).rejects.toThrow(/cannot hold SM2 keys: it has no SM2 mechanism/);
        expect(await orm.em.fork().count(CertificateAuthority, {})).toBe(0);
      },
    );
  }
});
