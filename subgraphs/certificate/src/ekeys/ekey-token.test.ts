import type { MikroORM } from '@mikro-orm/postgresql';
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { X509Certificate, Name as X509Name } from '@peculiar/x509';
import { algorithmTraits } from '../keys/key-algorithm';
import type { KeyBackend, KeyReference } from '../keys/key-backend';
import { createKeyBackend } from '../keys/key-backend-settings';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { softHsmAvailable, softHsmToken } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, run } from '../testing/test-pki';

/**
 * A PKCS#10 request signed inside a PKCS#11 token: the private key never leaves it, as on a
 * subscriber's EKey. Built field by field (RFC 2986) and signed through the same KeyBackend
 * interface the CA uses.
 */
async function tokenRequest(token: KeyBackend, key: KeyReference, subject: string): Promise<Buffer> {
  const info = new CertificationRequestInfo({
    subject: AsnConvert.parse(new X509Name(subject).toArrayBuffer(), Name),
    subjectPKInfo: AsnConvert.parse(await token.publicKey(key), SubjectPublicKeyInfo),
  });
  const toBeSigned = Buffer.from(AsnConvert.serialize(info));
  const signature = await token.sign(key, toBeSigned);
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: algorithmTraits[key.algorithm].signatureOid }),
    signature: new Uint8Array(signature).buffer,
  });
  return Buffer.from(AsnConvert.serialize(request));
}

const withSoftHsm = softHsmAvailable() ? describe : describe.skip;

withSoftHsm('a SoftHSM token playing the subscriber’s EKey (CT-3, RA-11)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let ekey: KeyBackend;

  beforeAll(async () => {
    orm = await openTestDatabase();
    server = await startPkiServer(orm);
    const token = await softHsmToken();
    ekey = createKeyBackend(orm.em, { kind: 'pkcs11', ...token });
  });
  afterAll(async () => {
    await ekey?.close();
    await server?.close();
    await orm?.close();
  });

  it('generates the key on the token, sends its CSR, and the certificate certifies the token’s key', async () => {
    const key: KeyReference = { label: `ekey-${Date.now()}`, algorithm: 'P-256' };
    await ekey.generateKey(key);
    const csr = await tokenRequest(ekey, key, 'CN=Token Holder');
    const files = fileSet({ 'request.der': csr });
    try {
      const verified = await run('openssl', [
        'req',
        '-inform',
        'DER',
        '-in',
        files.path('request.der'),
        '-verify',
        '-noout',
      ]);
      expect(verified.output).toMatch(/verify OK|Certificate request self-signature verify OK/);
    } finally {
      files.remove();
    }

    const { referenceCode, authorizationCode } = await server.pki.enrollments.create(
      { kind: 'personal', usage: 'signing', subject: 'CN=王五,OU=个人证书,C=CN' },
      'ra',
    );
    const { certificate } = await server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
    const issued = new X509Certificate(certificate.der as Buffer);
    expect(Buffer.from(issued.publicKey.rawData).equals(await ekey.publicKey(key))).toBe(true);
    expect(issued.subject).toBe('CN=王五, OU=个人证书, C=CN');
  });
});
