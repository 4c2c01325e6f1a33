import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { sm2 as independentSm2 } from 'sm-crypto';
import { childrenOf, contents, readWhole } from '../../authority/der-reader';
import { derElement } from '../../authority/der-writer';
import { commandExists } from '../../testing/softhsm-token';
import { openTestDatabase } from '../../testing/test-database';
import { fileSet, openssl, opensslVerifiesSm2 } from '../../testing/test-pki';
import type { KeyReference } from '../key-backend';
import { verifySignature } from '../signature-verification';
import { SealedKey } from '../software/sealed-key.entity';
import { SoftwareKeyBackend } from '../software/software-key-backend';
import { sm2Order, sm2PublicKeyOfSpki } from './sm2-key';
import { sm2DistinguishingId } from './sm2-signature';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the SM2 interoperability tests (issue 14)');
const withOpenssl = hasOpenssl ? describe : describe.skip;

/** sm-crypto (jsbn arithmetic, not the library Tessera signs with) on the same signature. */
function independentlyVerifies(spki: Buffer, data: Buffer, signature: Buffer): boolean {
  const point = sm2PublicKeyOfSpki(spki);
  if (!point) throw new Error('not an SM2 key');
  return independentSm2.doVerifySignature(Array.from(data), signature.toString('hex'), point, {
    der: true,
    hash: true,
    userId: sm2DistinguishingId,
  });
}

/** `SEQUENCE { r, s }` in DER, whatever the values. */
function derSignature(r: bigint, s: bigint): Buffer {
  const integer = (value: bigint) => {
    const hex = value.toString(16);
    const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
    return derElement(0x02, (bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  };
  return derElement(0x30, integer(r), integer(s));
}

/**
 * An SM2 key made by `openssl genpkey -algorithm SM2`: its PKCS#8 (the PEM's body: OpenSSL writes PKCS#8 as PEM,
 * its DER output is the traditional SEC 1 form) and SubjectPublicKeyInfo DER.
 */
async function opensslKey(): Promise<{ pkcs8: Buffer; spki: Buffer }> {
  const files = fileSet({});
  try {
    await openssl('genpkey', '-algorithm', 'SM2', '-out', files.path('key.pem'));
    await openssl('pkey', '-in', files.path('key.pem'), '-pubout', '-outform', 'DER', '-out', files.path('spki.der'));
    const pem = readFileSync(files.path('key.pem'), 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const pkcs8 = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    return { pkcs8, spki: readFileSync(files.path('spki.der')) };
  } finally {
    files.remove();
  }
}

withOpenssl(
  'SM2 keys and SM3withSM2 signatures of the software backend, against OpenSSL and sm-crypto (issue 14)',
  () => {
    let orm: MikroORM;
    let backend: SoftwareKeyBackend;

    beforeAll(async () => {
      orm = await openTestDatabase();
      backend = new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 3) });
    });
    afterAll(async () => {
      await backend?.close();
      await orm?.close();
    });

    it('OpenSSL reports SM2 support (the premise of these tests)', async () => {
      expect(await openssl('list', '-public-key-algorithms')).toMatch(/sm2/i);
    });

    it('imports an OpenSSL key, keeps its public key, and exports the very PKCS#8 OpenSSL wrote', async () => {
      const { pkcs8, spki } = await opensslKey();
      const key: KeyReference = { label: `sm2-import-${randomBytes(4).toString('hex')}`, algorithm: 'SM2' };
      await backend.importKey(key, pkcs8);
      expect((await backend.publicKey(key)).equals(spki)).toBe(true);
      expect((await backend.exportKey(key)).equals(pkcs8)).toBe(true);
    });

    it('signs with the distinguishing identifier: OpenSSL and sm-crypto verify, OpenSSL without the identifier does not', async () => {
      const { pkcs8, spki } = await opensslKey();
      const key: KeyReference = { label: `sm2-sign-${randomBytes(4).toString('hex')}`, algorithm: 'SM2' };
      await backend.importKey(key, pkcs8);
      // Lengths around the SM3 block and a certificate's TBS; r and s often start with a high bit (DER's 0x00).
      for (const length of [0, 1, 55, 56, 64, 119, 600, 1500]) {
        const data = randomBytes(length);
        const signature = await backend.sign(key, data);
        expect(await opensslVerifiesSm2(spki, data, signature)).toBe(true);
        expect(independentlyVerifies(spki, data, signature)).toBe(true);
        expect(await verifySignature('sm3', spki, data, signature)).toBe(true);
      }
      const data = Buffer.from('证书签名 SM3withSM2');
      const signature = await backend.sign(key, data);
      expect(await opensslVerifiesSm2(spki, data, signature, { distid: false })).toBe(false);
      expect(await opensslVerifiesSm2(spki, Buffer.from('证书签名 SM3withSM3'), signature)).toBe(false);
    });

    it('a generated key exports PKCS#8 that OpenSSL reads back and signs with, the backend verifying it', async () => {
      const key: KeyReference = { label: `sm2-generated-${randomBytes(4).toString('hex')}`, algorithm: 'SM2' };
      await backend.generateKey(key);
      const spki = await backend.publicKey(key);
      const files = fileSet({ 'key.der': await backend.exportKey(key), data: 'signed by OpenSSL' });
      try {
        await openssl('pkey', '-inform', 'DER', '-in', files.path('key.der'), '-check', '-noout');
        await openssl(
          'pkey',
          '-inform',
          'DER',
          '-in',
          files.path('key.der'),
          '-pubout',
          '-outform',
          'DER',
          '-out',
          files.path('spki.der'),
        );
        expect(readFileSync(files.path('spki.der')).equals(spki)).toBe(true);
        await openssl(
          'pkeyutl',
          '-sign',
          '-rawin',
          '-digest',
          'sm3',
          '-keyform',
          'DER',
          '-inkey',
          files.path('key.der'),
          '-pkeyopt',
          `distid:${sm2DistinguishingId}`,
          '-in',
          files.path('data'),
          '-out',
          files.path('signature.der'),
        );
        const signature = readFileSync(files.path('signature.der'));
        expect(await verifySignature('sm3', spki, Buffer.from('signed by OpenSSL'), signature)).toBe(true);
        expect(await verifySignature('sm3', spki, Buffer.from('signed by someone else'), signature)).toBe(false);
      } finally {
        files.remove();
      }
    });

    it('keeps SM2 keys sealed like the others: no PKCS#8 in the clear, another key-encryption key opens nothing', async () => {
      const key: KeyReference = { label: `sm2-sealed-${randomBytes(4).toString('hex')}`, algorithm: 'SM2' };
      await backend.generateKey(key);
      const row = await orm.em.fork().findOneOrFail(SealedKey, { label: key.label });
      expect(row.algorithm).toBe('SM2');
      const clearHeader = Buffer.from('301306072a8648ce3d020106082a811ccf5501822d', 'hex');
      expect(row.ciphertext.includes(clearHeader)).toBe(false);
      const other = new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 4) });
      await expect(other.sign(key, Buffer.from('x'))).rejects.toThrow();
    });

    it('refuses a key of another algorithm than declared, either way round', async () => {
      const { pkcs8 } = await opensslKey();
      const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        type: 'pkcs8',
        format: 'der',
      });
      const label = `sm2-mismatch-${randomBytes(4).toString('hex')}`;
      await expect(backend.importKey({ label, algorithm: 'P-256' }, pkcs8)).rejects.toThrow('not P-256');
      await expect(backend.importKey({ label, algorithm: 'SM2' }, p256)).rejects.toThrow('not SM2');
      expect(await backend.hasKey(label)).toBe(false);
      // OpenSSL's PKCS#8 ends with the public point: one changed bit makes it another key's.
      const foreign = Buffer.from(pkcs8);
      foreign[foreign.length - 1] = (foreign[foreign.length - 1] ?? 0) ^ 1;
      await expect(backend.importKey({ label, algorithm: 'SM2' }, foreign)).rejects.toThrow(
        'not that of its private key',
      );
      expect(await backend.hasKey(label)).toBe(false);
    });

    it('verifies SM3withSM2 only with SM2 keys, and only canonical signatures', async () => {
      const { pkcs8, spki } = await opensslKey();
      const key: KeyReference = { label: `sm2-strict-${randomBytes(4).toString('hex')}`, algorithm: 'SM2' };
      await backend.importKey(key, pkcs8);
      const data = Buffer.from('strict');
      const signature = await backend.sign(key, data);
      expect(await verifySignature('sm3', spki, data, signature)).toBe(true);
      // The same SM2 signature presented as ECDSA with SHA-256 (which Node would check on the SM2 curve).
      expect(await verifySignature('sha256', spki, data, signature)).toBe(false);
      const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
      expect(await verifySignature('sm3', p256, data, signature)).toBe(false);
      // s + n verifies the same equation mod n but is not the signature's one encoding: refused.
      const [r, s] = childrenOf(signature, readWhole(signature)).map((part) =>
        BigInt(`0x${contents(signature, part).toString('hex')}`),
      );
      const malleated = derSignature(r as bigint, (s as bigint) + sm2Order);
      expect(await verifySignature('sm3', spki, data, malleated)).toBe(false);
      expect(await verifySignature('sm3', spki, data, derSignature(r as bigint, s as bigint))).toBe(true);
      expect(await verifySignature('sm3', spki, data, Buffer.concat([signature, Buffer.from([0])]))).toBe(false);
    });
  },
);
