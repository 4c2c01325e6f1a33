import { createPrivateKey, createPublicKey, type webcrypto } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { KeyUsageFlags, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';
import { Certificate } from '../certificates/certificate.entity';
import type { KeyBackend } from '../keys/key-backend';
import { createKeyBackend } from '../keys/key-backend-settings';
import { KeySealer } from '../keys/software/key-sealer';
import { createPki, kmcKeyLabel, type Pki } from '../pki';
import { certificateState } from '../revocation/certificate-state';
import { openEnvelope, opensslAvailable } from '../testing/envelope-opener';
import { keyBackendFixtures } from '../testing/key-backends';
import { testKmcKey } from '../testing/pki-server';
import { softHsmToken } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, pem, run, subscriberRequest } from '../testing/test-pki';
import { KeyEscrow } from './key-escrow.entity';
import { KeyEscrowEvent } from './key-escrow-event.entity';

const hasOpenssl = opensslAvailable();

describe.each(keyBackendFixtures)('dual certificates with the KMC, CA keys in $name', (fixture) => {
  const available = fixture.available();
  const test = available ? it : it.skip;
  let orm: MikroORM;
  let backend: KeyBackend;
  let closeBackend: () => Promise<void>;
  let pki: Pki;

  beforeAll(async () => {
    if (!available) return;
    orm = await openTestDatabase();
    ({ backend, close: closeBackend } = await fixture.open(orm));
    pki = createPki(orm.em, backend, { publicUrl: 'http://pki.tessera.test/', kmcKeyEncryptionKey: testKmcKey });
    await pki.hierarchy.ensure();
  });
  afterAll(async () => {
    await closeBackend?.();
    await orm?.close();
  });

  const enrollDual = (subject: string) =>
    pki.enrollments.create({ kind: 'organization', usage: 'signing', subject, dual: true }, 'ra');

  async function openTheKey(
    envelope: string,
    signing: Certificate,
    keys: webcrypto.CryptoKeyPair,
    encryption: Certificate,
  ) {
    const pkcs8 = await openEnvelope(envelope, signing.der as Buffer, keys.privateKey);
    const recovered = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({
      type: 'spki',
      format: 'der',
    });
    const certified = Buffer.from(new X509Certificate(encryption.der as Buffer).publicKey.rawData);
    return { pkcs8, matches: recovered.equals(certified) };
  }

  for (const signingAlgorithm of ['P-256', 'RSA-2048'] as const) {
    test(`CT-1: a dual certificate for a ${signingAlgorithm} signing key: the KMC's encryption key arrives in an envelope only the signing key opens (openssl cms), matching the encryption certificate`, async () => {
      const subject = `CN=Dual ${signingAlgorithm} ${fixture.name},O=Tessera Test,C=CN`;
      const { enrollment, referenceCode, authorizationCode } = await enrollDual(subject);
      const reserved = await orm.em.fork().findOneOrFail(Certificate, { id: enrollment.encryptionCertificateId });
      expect(reserved.usage).toBe('encryption');
      expect(certificateState(reserved, new Date())).toBe('newApplication');

      const { csr, keys } = await subscriberRequest('CN=Ignored', signingAlgorithm);
      const { certificate: signing, encryption } = await pki.enrollments.redeem({
        referenceCode,
        authorizationCode,
        csr,
      });
      if (!encryption) throw new Error('a dual enrollment must deliver an encryption certificate');
      expect(encryption.certificate.id).toBe(reserved.id);
      expect(encryption.certificate.serialNumber).toBe(reserved.serialNumber);
      expect(signing.usage).toBe('signing');

      const parsed = new X509Certificate(encryption.certificate.der as Buffer);
      expect(parsed.subject).toBe(new X509Certificate(signing.der as Buffer).subject);
      // The CA is P-256, so is the KMC's key: an EC encryption certificate agrees keys (profile).
      expect(parsed.getExtension(KeyUsagesExtension)?.usages).toBe(KeyUsageFlags.keyAgreement);
      expect(parsed.publicKey.algorithm.name).toBe('ECDSA');

      if (hasOpenssl) {
        const { matches } = await openTheKey(encryption.envelope.pem, signing, keys, encryption.certificate);
        expect(matches).toBe(true);
        await verifyChain(pki, encryption.certificate.der as Buffer);
      }

      const escrow = await orm.em
        .fork()
        .findOneOrFail(
          KeyEscrow,
          { encryptionCertificateId: encryption.certificate.id },
          { populate: ['iv', 'tag', 'ciphertext'] },
        );
      expect(escrow.signingCertificateId).toBe(signing.id);
      expect(escrow.subject).toBe(subject);
      // Sealed under the KMC key: no clear PKCS#8 header of an EC key in the stored bytes.
      expect(escrow.ciphertext.includes(Buffer.from('020100301306072a8648ce3d0201', 'hex'))).toBe(false);
      const trail = await orm.em.fork().find(KeyEscrowEvent, { escrowId: escrow.id });
      expect(trail.map((event) => [event.action, event.actor])).toEqual([['escrow', 'kmc']]);
      await expectSealedWhereTheCaKeysAre(escrow, parsed);
    });
  }

  test('RA item 14: what an enrollment issued, without the envelope, neither envelopes the key again nor records a delivery', async () => {
    const applicationReference = `ra-application:${fixture.name}:record`;
    const { referenceCode, authorizationCode } = await pki.enrollments.create(
      { kind: 'organization', usage: 'signing', subject: 'CN=Record,C=CN', dual: true, applicationReference },
      'ra',
    );
    const { csr } = await subscriberRequest('CN=Ignored', 'P-256');
    const redeemed = await pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
    const escrowId = (
      await orm.em
        .fork()
        .findOneOrFail(KeyEscrow, { encryptionCertificateId: redeemed.encryption?.certificate.id as string })
    ).id;
    const actions = async () => (await orm.em.fork().find(KeyEscrowEvent, { escrowId })).map((e) => e.action);

    const recorded = await pki.enrollments.issuedFor(applicationReference, false);
    expect(recorded?.certificate.id).toBe(redeemed.certificate.id);
    expect(recorded?.encryption).toBeUndefined();
    expect(await actions()).toEqual(['escrow']);

    const again = await pki.enrollments.issuedFor(applicationReference);
    expect(again?.encryption?.certificate.id).toBe(redeemed.encryption?.certificate.id);
    expect((await actions()).sort()).toEqual(['deliver', 'escrow']);
  });

  /**
   * CT-1: software CA keys, a configured KMC key; CA keys on a PKCS#11 token, the KMC key on that
   * token too, sensitive and never extractable: the configured key opens nothing there.
   */
  async function expectSealedWhereTheCaKeysAre(escrow: KeyEscrow, certified: X509Certificate) {
    const keyOf = (pkcs8: Buffer) =>
      createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({
        type: 'spki',
        format: 'der',
      });
    const certifiedKey = Buffer.from(certified.publicKey.rawData);
    const configured = new KeySealer(testKmcKey);
    if (!backend.keyEncryption) {
      expect(keyOf(configured.open(escrow.id, escrow))).toEqual(certifiedKey);
      return;
    }
    expect(() => configured.open(escrow.id, escrow)).toThrow();
    expect(keyOf(await backend.keyEncryption(kmcKeyLabel).open(escrow.id, escrow))).toEqual(certifiedKey);
    const token = await softHsmToken();
    const objects = await run('pkcs11-tool', [
      '--module',
      token.modulePath,
      '--token-label',
      token.tokenLabel,
      '--login',
      '--pin',
      token.pin,
      '--list-objects',
      '--type',
      'secrkey',
    ]);
    const entry = objects.output.split(/\n(?=Secret Key Object)/).find((o) => o.includes(kmcKeyLabel)) ?? '';
    expect(entry).toMatch(/AES length 32/);
    expect(entry).toMatch(/sensitive/);
    expect(entry).toMatch(/never extractable/);
  }

  test('CT-1, RA item 14: a repeated redemption (lost answer) delivers the same escrowed key again, to the same signing key only', async () => {
    const subject = `CN=Repeat ${fixture.name},O=Tessera Test,C=CN`;
    const { referenceCode, authorizationCode } = await enrollDual(subject);
    const { csr, keys } = await subscriberRequest('CN=Ignored');
    const first = await pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
    const again = await pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
    if (!first.encryption || !again.encryption)
      throw new Error('a dual enrollment must deliver an encryption certificate');
    expect(again.certificate.id).toBe(first.certificate.id);
    expect(again.encryption.certificate.id).toBe(first.encryption.certificate.id);
    if (hasOpenssl) {
      const opened = await openTheKey(
        first.encryption.envelope.pem,
        first.certificate,
        keys,
        first.encryption.certificate,
      );
      const reopened = await openTheKey(
        again.encryption.envelope.pem,
        again.certificate,
        keys,
        again.encryption.certificate,
      );
      expect(reopened).toEqual(opened);
      expect(reopened.matches).toBe(true);
    }
    const escrow = await orm.em
      .fork()
      .findOneOrFail(KeyEscrow, { encryptionCertificateId: first.encryption.certificate.id });
    const trail = await orm.em.fork().find(KeyEscrowEvent, { escrowId: escrow.id }, { orderBy: { createdAt: 'asc' } });
    expect(trail.map((event) => [event.action, event.actor])).toEqual([
      ['escrow', 'kmc'],
      ['deliver', 'kmc'],
    ]);
  });

  test('CT-1: when the encryption half fails, nothing is issued and the codes still work (never a half-write)', async () => {
    const { enrollment, referenceCode, authorizationCode } = await enrollDual(
      `CN=Atomic ${fixture.name},O=Tessera Test`,
    );
    // Neither a configured key nor one on the token.
    const withoutKeyEncryption: KeyBackend = Object.create(backend, { keyEncryption: { value: undefined } });
    const withoutKmc = createPki(orm.em, withoutKeyEncryption, { publicUrl: 'http://pki.tessera.test/' });
    const { csr } = await subscriberRequest();
    await expect(withoutKmc.enrollments.redeem({ referenceCode, authorizationCode, csr })).rejects.toMatchObject({
      code: 'KMC_NOT_CONFIGURED',
    });
    const em = orm.em.fork();
    expect((await em.findOneOrFail(Certificate, { id: enrollment.certificateId })).issuedAt).toBeNull();
    expect(await em.count(KeyEscrow, { encryptionCertificateId: enrollment.encryptionCertificateId })).toBe(0);

    const { encryption } = await pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
    expect(encryption?.certificate.issuedAt).toBeInstanceOf(Date);
  });
});

describe('dual certificate requests (CT-1)', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openTestDatabase();
  });
  afterAll(() => orm.close());

  it('CT-1: a dual certificate is requested for signing, and only where a KMC key is configured', async () => {
    const backend = createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: Buffer.alloc(32, 1) });
    const withKmc = createPki(orm.em, backend, {
      publicUrl: 'http://pki.tessera.test/',
      kmcKeyEncryptionKey: testKmcKey,
    });
    const withoutKmc = createPki(orm.em, backend, { publicUrl: 'http://pki.tessera.test/' });
    await expect(
      withKmc.enrollments.create({ kind: 'personal', usage: 'encryption', subject: 'CN=x', dual: true }, 'ra'),
    ).rejects.toMatchObject({ code: 'DUAL_CERTIFICATE_USAGE_INVALID' });
    await expect(
      withoutKmc.enrollments.create({ kind: 'personal', usage: 'signing', subject: 'CN=x', dual: true }, 'ra'),
    ).rejects.toMatchObject({ code: 'KMC_NOT_CONFIGURED' });
    const single = await withoutKmc.enrollments.create({ kind: 'personal', usage: 'signing', subject: 'CN=x' }, 'ra');
    expect(single.enrollment.encryptionCertificateId).toBeUndefined();
  });
});

async function verifyChain(pki: Pki, leaf: Buffer): Promise<void> {
  const root = (await pki.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
  const issuing = (await pki.hierarchy.issuing()).entity.certificateDer;
  const files = fileSet({
    'root.pem': pem(root, 'CERTIFICATE'),
    'issuing.pem': pem(issuing, 'CERTIFICATE'),
    'leaf.pem': pem(leaf, 'CERTIFICATE'),
  });
  try {
    const result = await run('openssl', [
      'verify',
      '-x509_strict',
      '-CAfile',
      files.path('root.pem'),
      '-untrusted',
      files.path('issuing.pem'),
      files.path('leaf.pem'),
    ]);
    expect(result.output).toContain(': OK');
  } finally {
    files.remove();
  }
}
