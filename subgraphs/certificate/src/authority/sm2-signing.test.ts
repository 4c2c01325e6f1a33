import { readFileSync, writeFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { sm2 as independentSm2 } from 'sm-crypto';
import type { Certificate } from '../certificates/certificate.entity';
import type { KeyBackend } from '../keys/key-backend';
import { createKeyBackend } from '../keys/key-backend-settings';
import { privateKeyFromPkcs8 } from '../keys/private-key';
import { sm2PublicKeyOfSpki } from '../keys/sm2/sm2-key';
import { sm2DistinguishingId } from '../keys/sm2/sm2-signature';
import { KeySealer } from '../keys/software/key-sealer';
import { KeyEscrow } from '../kmc/key-escrow.entity';
import { createPki, type Pki } from '../pki';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import {
  fileSet,
  openssl,
  opensslOcspRequest,
  opensslVerifiesSm2,
  opensslVerifySm2Link,
  pem,
  run,
  sm2SubscriberRequest,
} from '../testing/test-pki';
import { childrenOf, contents, encoding, readWhole } from './der-reader';
import { signatureAlgorithmDer } from './signer';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the SM3withSM2 certificate tests (issue 14)');
const withOpenssl = hasOpenssl ? describe : describe.skip;

/** AlgorithmIdentifier { SM3withSM2 } without parameters, byte for byte as `openssl req -sm3` and `x509 -sm3` write it. */
const sm3WithSm2 = Buffer.from('300a06082a811ccf55018375', 'hex');
const distid = `distid:${sm2DistinguishingId}`;

/** TBS, outer algorithm and signature of `SIGNED{}` DER, and the inner algorithm (the TBS's third field, or second of a CRL). */
function signedParts(der: Buffer): { tbs: Buffer; algorithm: Buffer; signature: Buffer; inner: Buffer } {
  const [tbs, algorithm, value] = childrenOf(der, readWhole(der));
  if (!tbs || !algorithm || !value) throw new Error('not SIGNED{}');
  const fields = childrenOf(der, tbs);
  const inner = fields[0]?.tag === 0xa0 ? fields[2] : fields[1];
  if (!inner) throw new Error('no inner algorithm');
  return {
    tbs: encoding(der, tbs),
    algorithm: encoding(der, algorithm),
    signature: contents(der, value).subarray(1),
    inner: encoding(der, inner),
  };
}

/** OpenSSL's check of an SM2 signature over `tbs`, with the identifier. */
const opensslVerifies = (tbs: Buffer, signature: Buffer, signerSpki: Buffer) =>
  opensslVerifiesSm2(signerSpki, tbs, signature);

/** sm-crypto, independent of the library that signed, on `tbs` and its signature. */
function independentlyVerifies(tbs: Buffer, signature: Buffer, signerSpki: Buffer): boolean {
  return independentSm2.doVerifySignature(
    Array.from(tbs),
    signature.toString('hex'),
    sm2PublicKeyOfSpki(signerSpki) ?? '',
    {
      der: true,
      hash: true,
      userId: sm2DistinguishingId,
    },
  );
}

/** OpenSSL's check of any SIGNED{} (certificate, CRL) over its TBS. */
function opensslVerifiesSigned(der: Buffer, issuerSpki: Buffer): Promise<boolean> {
  const { tbs, signature } = signedParts(der);
  return opensslVerifies(tbs, signature, issuerSpki);
}

/** sm-crypto's check of any SIGNED{} over its TBS. */
function independentlyVerifiesSigned(der: Buffer, issuerSpki: Buffer): boolean {
  const { tbs, signature } = signedParts(der);
  return independentlyVerifies(tbs, signature, issuerSpki);
}

/** `openssl verify` of one link (OpenSSL 3.0 passes the identifier to the target only): its output. */
const opensslVerifiesLink = async (issuer: Buffer, certificate: Buffer) =>
  (await opensslVerifySm2Link(issuer, certificate)).output;

const spkiOf = (certificate: Buffer) => {
  const [tbs] = childrenOf(certificate, readWhole(certificate));
  if (!tbs) throw new Error('no TBS');
  const fields = childrenOf(certificate, tbs);
  const spki = fields[fields[0]?.tag === 0xa0 ? 6 : 5];
  if (!spki) throw new Error('no subjectPublicKeyInfo');
  return encoding(certificate, spki);
};

withOpenssl('CA keys in SM2: certificates signed with SM3withSM2 that OpenSSL and sm-crypto verify (issue 14)', () => {
  let orm: MikroORM;
  let backend: KeyBackend;
  let pki: Pki;
  let leaf: Certificate;
  const files = fileSet({});

  beforeAll(async () => {
    orm = await openTestDatabase();
    backend = createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: Buffer.alloc(32, 5) });
    pki = createPki(orm.em, backend, { publicUrl: 'http://pki.tessera.test/', algorithm: 'SM2' });
    await pki.hierarchy.ensure();
  });
  afterAll(async () => {
    files.remove();
    await backend?.close();
    await orm?.close();
  });

  it('writes the SM3withSM2 AlgorithmIdentifier as OpenSSL does', () => {
    expect(signatureAlgorithmDer('SM2').equals(sm3WithSm2)).toBe(true);
  });

  it('signs the root, the issuing CA and the OCSP responder certificate: every link verifies in OpenSSL and sm-crypto', async () => {
    const root = (await pki.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
    const issuing = (await pki.hierarchy.issuing()).entity.certificateDer as Buffer;
    const responder = (await pki.hierarchy.responder()).entity.certificateDer as Buffer;
    for (const certificate of [root, issuing, responder]) {
      const { algorithm, inner } = signedParts(certificate);
      expect(algorithm.equals(sm3WithSm2)).toBe(true);
      expect(inner.equals(sm3WithSm2)).toBe(true);
      expect(sm2PublicKeyOfSpki(spkiOf(certificate))).toBeDefined();
    }
    expect(await opensslVerifiesSigned(root, spkiOf(root))).toBe(true);
    expect(independentlyVerifiesSigned(root, spkiOf(root))).toBe(true);
    expect(await opensslVerifiesLink(root, issuing)).toContain(': OK');
    expect(independentlyVerifiesSigned(issuing, spkiOf(root))).toBe(true);
    expect(await opensslVerifiesLink(issuing, responder)).toContain(': OK');
    expect(independentlyVerifiesSigned(responder, spkiOf(issuing))).toBe(true);
    // The identifier is part of what is signed: without it OpenSSL refuses the same link.
    writeFileSync(files.path('root.pem'), pem(root, 'CERTIFICATE'));
    writeFileSync(files.path('issuing.pem'), pem(issuing, 'CERTIFICATE'));
    const withoutId = await run('openssl', [
      'verify',
      '-partial_chain',
      '-CAfile',
      files.path('root.pem'),
      files.path('issuing.pem'),
    ]);
    expect(withoutId.status).not.toBe(0);
  });

  it('issues a certificate for an SM2 CSR made by OpenSSL, which OpenSSL verifies under the issuing CA', async () => {
    await openssl('genpkey', '-algorithm', 'SM2', '-out', files.path('subscriber.key'));
    await openssl(
      'req',
      '-new',
      '-key',
      files.path('subscriber.key'),
      '-sm3',
      '-sigopt',
      distid,
      '-subj',
      '/CN=Ignored',
      '-outform',
      'DER',
      '-out',
      files.path('subscriber.csr'),
    );
    const certificate = await pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=张三,O=Tessera Test,C=CN',
      csr: readFileSync(files.path('subscriber.csr')),
    });
    const der = certificate.der as Buffer;
    const issuing = (await pki.hierarchy.issuing()).entity.certificateDer as Buffer;
    expect(await opensslVerifiesLink(issuing, der)).toContain(': OK');
    expect(independentlyVerifiesSigned(der, spkiOf(issuing))).toBe(true);
    await openssl(
      'pkey',
      '-in',
      files.path('subscriber.key'),
      '-pubout',
      '-outform',
      'DER',
      '-out',
      files.path('s.der'),
    );
    expect(spkiOf(der).equals(readFileSync(files.path('s.der')))).toBe(true);
    writeFileSync(files.path('leaf.pem'), pem(der, 'CERTIFICATE'));
    writeFileSync(files.path('issuing.pem'), pem(issuing, 'CERTIFICATE'));
    leaf = certificate;
  });

  it('lists it on an SM2-signed CRL once revoked: OpenSSL and sm-crypto verify the signature over the TBS (CT-5)', async () => {
    await pki.revocation.revoke(leaf.id, 'keyCompromise', 'sm2-test');
    await pki.crls.settled('issuing');
    const crl = (await pki.crls.current('issuing')).der;
    const issuing = (await pki.hierarchy.issuing()).entity.certificateDer as Buffer;
    const { algorithm, inner } = signedParts(crl);
    expect(algorithm.equals(sm3WithSm2)).toBe(true);
    expect(inner.equals(sm3WithSm2)).toBe(true);
    expect(await opensslVerifiesSigned(crl, spkiOf(issuing))).toBe(true);
    expect(independentlyVerifiesSigned(crl, spkiOf(issuing))).toBe(true);
    // A changed byte of the TBS fails both (the checks are real).
    const { tbs, signature } = signedParts(crl);
    const tampered = Buffer.from(tbs);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(await opensslVerifies(tampered, signature, spkiOf(issuing))).toBe(false);
    expect(independentlyVerifies(tampered, signature, spkiOf(issuing))).toBe(false);
    writeFileSync(files.path('sm2.crl'), crl);
    const text = await openssl('crl', '-inform', 'DER', '-in', files.path('sm2.crl'), '-noout', '-text');
    expect(text).toMatch(/Signature Algorithm: SM2-with-SM3/);
    expect(text.replace(/\s/g, '').toUpperCase()).toContain(
      `SERIALNUMBER:${leaf.serialNumber?.toUpperCase().replace(/^0+/, '')}`,
    );
    expect(text).toContain('Key Compromise');
  });

  it('answers OCSP about it through its SM2 responder: OpenSSL and sm-crypto verify the response, the responder chains to the CA (CT-5)', async () => {
    const answer = await pki.ocsp.respond(
      await opensslOcspRequest(
        readFileSync(files.path('issuing.pem'), 'utf8'),
        readFileSync(files.path('leaf.pem'), 'utf8'),
      ),
    );
    // OCSPResponse { status, [0] { id-pkix-ocsp-basic, OCTET STRING { BasicOCSPResponse } } }
    const [, responseBytes] = childrenOf(answer.der, readWhole(answer.der));
    const [bytes] = responseBytes ? childrenOf(answer.der, responseBytes) : [];
    const [, octets] = bytes ? childrenOf(answer.der, bytes) : [];
    if (!octets) throw new Error('no BasicOCSPResponse');
    const basic = contents(answer.der, octets);
    const [tbs, algorithm, value, certs] = childrenOf(basic, readWhole(basic));
    if (!tbs || !algorithm || !value || !certs) throw new Error('BasicOCSPResponse incomplete');
    expect(encoding(basic, algorithm).equals(sm3WithSm2)).toBe(true);
    const [certificates] = childrenOf(basic, certs);
    const [responderElement] = certificates ? childrenOf(basic, certificates) : [];
    if (!responderElement) throw new Error('no responder certificate');
    const responder = encoding(basic, responderElement);
    const signature = contents(basic, value).subarray(1);
    expect(await opensslVerifies(encoding(basic, tbs), signature, spkiOf(responder))).toBe(true);
    expect(independentlyVerifies(encoding(basic, tbs), signature, spkiOf(responder))).toBe(true);
    const issuing = (await pki.hierarchy.issuing()).entity.certificateDer as Buffer;
    expect(await opensslVerifiesLink(issuing, responder)).toContain(': OK');
    writeFileSync(files.path('response.der'), answer.der);
    const text = await openssl('ocsp', '-respin', files.path('response.der'), '-resp_text', '-noverify');
    expect(text).toContain('Cert Status: revoked');
  });
});

withOpenssl('dual certificates under an SM2 CA: the KMC generates SM2 encryption keys (CT-1, issue 14)', () => {
  it('certifies and escrows an SM2 encryption key beside the subscriber’s signing certificate', async () => {
    const orm = await openTestDatabase();
    const backend = createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: Buffer.alloc(32, 9) });
    const kmcKey = Buffer.alloc(32, 10);
    try {
      const pki = createPki(orm.em, backend, {
        publicUrl: 'http://pki.tessera.test/',
        algorithm: 'SM2',
        kmcKeyEncryptionKey: kmcKey,
      });
      await pki.hierarchy.ensure();
      const { referenceCode, authorizationCode } = await pki.enrollments.create(
        { kind: 'organization', usage: 'signing', subject: 'CN=SM2 Dual,O=Tessera Test,C=CN', dual: true },
        'ra',
      );
      // An SM2 CA certifies SM2 keys only (issue 14 item 2): the subscriber's signing key is SM2 too.
      const { csr } = await sm2SubscriberRequest();
      const { encryption } = await pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
      const der = encryption?.certificate.der as Buffer;
      const spki = spkiOf(der);
      expect(sm2PublicKeyOfSpki(spki)).toBeDefined();
      const issuing = (await pki.hierarchy.issuing()).entity.certificateDer as Buffer;
      expect(await opensslVerifiesLink(issuing, der)).toContain(': OK');
      const [escrow] = await orm.em.fork().find(KeyEscrow, {}, { populate: ['iv', 'tag', 'ciphertext'] });
      expect(escrow?.algorithm).toBe('SM2');
      const escrowed = new KeySealer(kmcKey).open(escrow?.id as string, escrow as KeyEscrow);
      expect(privateKeyFromPkcs8(escrowed)?.spki().equals(spki)).toBe(true);
    } finally {
      await backend.close();
      await orm.close();
    }
  });
});

withOpenssl('CA import of an SM2 hierarchy made by OpenSSL (CT-4, issue 14)', () => {
  const files = fileSet({
    'issuing.ext': 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n',
  });
  const orms: MikroORM[] = [];

  /** A self-signed SM2 root by `openssl req -x509 -sm3 -sigopt distid:…`. */
  const root = async (name: string) => {
    await openssl('genpkey', '-algorithm', 'SM2', '-out', files.path(`${name}.key`));
    await openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      files.path(`${name}.key`),
      '-sm3',
      '-sigopt',
      distid,
      '-subj',
      `/CN=${name}/O=Elsewhere/C=CN`,
      '-days',
      '3650',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-outform',
      'DER',
      '-out',
      files.path(`${name}.der`),
    );
  };

  beforeAll(async () => {
    await root('root');
    await root('other-root');
    await openssl('genpkey', '-algorithm', 'SM2', '-out', files.path('issuing.key'));
    await openssl(
      'req',
      '-new',
      '-key',
      files.path('issuing.key'),
      '-sm3',
      '-sigopt',
      distid,
      '-subj',
      '/CN=Elsewhere SM2 Issuing CA/O=Elsewhere/C=CN',
      '-out',
      files.path('issuing.csr'),
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      files.path('issuing.csr'),
      '-CA',
      files.path('root.der'),
      '-CAform',
      'DER',
      '-CAkey',
      files.path('root.key'),
      '-sm3',
      '-sigopt',
      distid,
      '-vfyopt',
      distid,
      '-set_serial',
      '0x5a5a5a5a',
      '-days',
      '1825',
      '-extfile',
      files.path('issuing.ext'),
      '-outform',
      'DER',
      '-out',
      files.path('issuing.der'),
    );
  });
  afterAll(async () => {
    for (const orm of orms) await orm.close();
    files.remove();
  });

  const pkiOn = async () => {
    const orm = await openTestDatabase();
    orms.push(orm);
    const backend = createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: Buffer.alloc(32, 6) });
    return createPki(orm.em, backend, { publicUrl: 'http://pki.tessera.test/', algorithm: 'SM2' });
  };
  const pkcs8 = (name: string) =>
    Buffer.from(readFileSync(files.path(name), 'utf8').replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');

  it('takes over the SM2 issuing CA: its chain verifies with the identifier, its key is the certificate’s', async () => {
    const pki = await pkiOn();
    await pki.hierarchy.import({
      rootCertificate: readFileSync(files.path('root.der')),
      issuingCertificate: readFileSync(files.path('issuing.der')),
      issuingKey: pkcs8('issuing.key'),
    });
    const issuing = await pki.hierarchy.issuing();
    expect(issuing.entity.algorithm).toBe('SM2');
    const responder = (await pki.hierarchy.responder()).entity.certificateDer as Buffer;
    expect(await opensslVerifiesLink(readFileSync(files.path('issuing.der')), responder)).toContain(': OK');
  });

  it('refuses an SM2 issuing CA its root did not sign, and a key that is not the certificate’s (CA_IMPORT_INVALID)', async () => {
    const pki = await pkiOn();
    await expect(
      pki.hierarchy.import({
        rootCertificate: readFileSync(files.path('other-root.der')),
        issuingCertificate: readFileSync(files.path('issuing.der')),
        issuingKey: pkcs8('issuing.key'),
      }),
    ).rejects.toMatchObject({
      code: 'CA_IMPORT_INVALID',
      extensions: { problem: 'the issuing CA certificate is not signed by the root' },
    });
    await expect(
      pki.hierarchy.import({
        rootCertificate: readFileSync(files.path('root.der')),
        issuingCertificate: readFileSync(files.path('issuing.der')),
        issuingKey: pkcs8('other-root.key'),
      }),
    ).rejects.toMatchObject({
      code: 'CA_IMPORT_INVALID',
      extensions: { problem: 'the key does not match the issuing CA certificate' },
    });
  });
});
