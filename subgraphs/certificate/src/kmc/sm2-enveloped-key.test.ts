import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { StaffRole } from '@tessera/kit';
import { sm2 as independentSm2, sm4 as independentSm4 } from 'sm-crypto';
import type { KeyBackend } from '../keys/key-backend';
import { createKeyBackend } from '../keys/key-backend-settings';
import { generateSm2Key, sm2KeyFromPkcs8 } from '../keys/sm2/sm2-key';
import { sm2DistinguishingId } from '../keys/sm2/sm2-signature';
import { createPki } from '../pki';
import { openSm2EnvelopedKey, sm2EnvelopedKeyParts } from '../testing/envelope-opener';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, openssl } from '../testing/test-pki';
import type { StaffActor } from './key-management-service';
import { sealSm2EnvelopedKey } from './sm2-enveloped-key';

/** sm-crypto's public key of a private key (in the library, missing from its type declarations). */
const independentPublicKeyOf = (d: string) =>
  (independentSm2 as unknown as { getPublicKeyFromPrivateKey(d: string): string }).getPublicKeyFromPrivateKey(d);

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the SM2 envelope tests (issue 14 item 4)');
const withOpenssl = hasOpenssl ? describe : describe.skip;

/** An SM2 key made by OpenSSL: the file, and its public point and private scalar as our reader sees its PKCS#8. */
async function opensslSm2Key(files: ReturnType<typeof fileSet>, name: string) {
  await openssl('genpkey', '-algorithm', 'SM2', '-out', files.path(name));
  const pkcs8 = Buffer.from(
    readFileSync(files.path(name), 'latin1')
      .replace(/-----[^-]+-----/g, '')
      .replace(/\s+/g, ''),
    'base64',
  );
  const key = sm2KeyFromPkcs8(pkcs8);
  if (!key) throw new Error('OpenSSL made no SM2 key');
  return { file: files.path(name), ...key };
}

withOpenssl(
  'SM2EnvelopedKey (GM/T 0009 §7.4): SM2 encryption keys delivered to SM2 signing keys (issue 14 item 4)',
  () => {
    const files = fileSet({});
    afterAll(() => files.remove());

    it('OpenSSL and sm-crypto, neither of them ours, open it; it carries the key pair and names SM4-ECB', async () => {
      const recipient = await opensslSm2Key(files, 'recipient.pem');
      const delivered = generateSm2Key();
      const der = sealSm2EnvelopedKey(recipient.publicKey, delivered);
      const parts = sm2EnvelopedKeyParts(der);
      expect(parts.algorithm).toBe('1.2.156.10197.1.104.1');
      expect(parts.algorithmParts).toBe(1);
      expect(parts.publicKey.toString('hex')).toBe(delivered.publicKey);
      expect(parts.encryptedPrivateKey).toHaveLength(32);
      expect(parts.encryptedPrivateKey.toString('hex')).not.toBe(delivered.d);
      expect(await openSm2EnvelopedKey(der, readFileSync(recipient.file, 'utf8'))).toBe(delivered.d);
      // sm-crypto decrypts the SM4 key (C1C3C2, mode 1); its SM4 opens the private key, whose public key is the one carried.
      // (With `output: 'array'` sm-crypto answers bytes; its declarations say string.)
      const sm4Key = independentSm2.doDecrypt(parts.c1c3c2, recipient.d, 1, { output: 'array' }) as unknown as number[];
      expect(sm4Key).toHaveLength(16);
      const privateKey = independentSm4.decrypt(Array.from(parts.encryptedPrivateKey), sm4Key, {
        padding: 'none',
        output: 'array',
      });
      expect(independentPublicKeyOf(Buffer.from(privateKey).toString('hex'))).toBe(delivered.publicKey);
    });

    it('opens only with the recipient key', async () => {
      const recipient = await opensslSm2Key(files, 'right.pem');
      const other = await opensslSm2Key(files, 'other.pem');
      const der = sealSm2EnvelopedKey(recipient.publicKey, generateSm2Key());
      await expect(openSm2EnvelopedKey(der, readFileSync(other.file, 'utf8'))).rejects.toThrow(
        /openssl pkeyutl -decrypt .* failed/,
      );
    });
  },
);

const staff = (...roles: StaffRole[]): StaffActor => ({ id: randomUUID(), roles: new Set(roles) });

withOpenssl('dual SM2 certificates: delivered and recovered in SM2EnvelopedKey (issue 14 item 4, CT-1)', () => {
  let orm: MikroORM;
  let backend: KeyBackend;
  const files = fileSet({});

  beforeAll(async () => {
    orm = await openTestDatabase();
    backend = createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: Buffer.alloc(32, 3) });
  });
  afterAll(async () => {
    files.remove();
    await backend?.close();
    await orm?.close();
  });

  it('an SM2 signing key receives its SM2 encryption key in an SM2EnvelopedKey, at issuance and after a two-person recovery', async () => {
    const pki = createPki(orm.em, backend, {
      publicUrl: 'http://pki.tessera.test/',
      algorithm: 'SM2',
      kmcKeyEncryptionKey: Buffer.alloc(32, 4),
    });
    await pki.hierarchy.ensure();
    const subscriber = await opensslSm2Key(files, 'subscriber.pem');
    await openssl(
      'req',
      '-new',
      '-key',
      subscriber.file,
      '-sm3',
      '-sigopt',
      `distid:${sm2DistinguishingId}`,
      '-subj',
      '/CN=Ignored',
      '-outform',
      'DER',
      '-out',
      files.path('subscriber.csr'),
    );
    const { referenceCode, authorizationCode } = await pki.enrollments.create(
      { kind: 'organization', usage: 'signing', subject: 'CN=国密双证书,O=Tessera Test,C=CN', dual: true },
      'ra',
    );
    const issued = await pki.enrollments.redeem({
      referenceCode,
      authorizationCode,
      csr: readFileSync(files.path('subscriber.csr')),
    });
    const encryption = issued.encryption;
    expect(encryption?.envelope.format).toBe('sm2-enveloped-key');
    expect(encryption?.envelope.pem).toContain('-----BEGIN SM2 ENVELOPED KEY-----');
    const delivered = sm2EnvelopedKeyParts(encryption?.envelope.der as Buffer);
    const d = await openSm2EnvelopedKey(encryption?.envelope.der as Buffer, readFileSync(subscriber.file, 'utf8'));
    expect(independentPublicKeyOf(d)).toBe(delivered.publicKey.toString('hex'));
    // The encryption certificate certifies that key.
    writeFileSync(files.path('encryption.der'), encryption?.certificate.der as Buffer);
    const text = await openssl('x509', '-inform', 'DER', '-in', files.path('encryption.der'), '-noout', '-text');
    const point = /pub:\s*([\s\S]*?)\n\s*ASN1 OID/.exec(text)?.[1]?.replace(/[\s:]/g, '');
    expect(point).toBe(delivered.publicKey.toString('hex'));
    // GM/T 0015's usages of an SM2 encryption certificate, not ECDSA's keyAgreement alone.
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Key Encipherment, Data Encipherment, Key Agreement/);

    // Two people recover it to the same signing certificate: again an SM2EnvelopedKey holding the same key.
    const administrator = staff('ADMINISTRATOR');
    const recovery = await pki.kmc.requestRecovery(
      {
        encryptionCertificateId: encryption?.certificate.id as string,
        targetCertificateId: issued.certificate.id,
        reason: '换新 EKey',
      },
      administrator,
    );
    await pki.kmc.approveRecovery(recovery.id, staff('AUDITOR'));
    const { envelope } = await pki.kmc.deliverRecovery(recovery.id, administrator);
    expect(envelope.format).toBe('sm2-enveloped-key');
    expect(await openSm2EnvelopedKey(envelope.der, readFileSync(subscriber.file, 'utf8'))).toBe(d);
  });
});
