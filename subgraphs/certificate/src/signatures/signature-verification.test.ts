import { createHash, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  id_data,
  id_signedData,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate as X509Asn } from '@peculiar/asn1-x509';
import { PemConverter } from '@peculiar/x509';
import { timeStampQuery, timeStampTokenOf } from '@tessera/kit';
import * as asn1js from 'asn1js';
import { derElement } from '../authority/der-writer';
import type { Certificate } from '../certificates/certificate.entity';
import type { KeyBackend } from '../keys/key-backend';
import { createPki, type Pki } from '../pki';
import { keyBackendFixtures } from '../testing/key-backends';
import { commandExists, softHsmAvailable, softHsmToken } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, openssl, pem, run, sm2SubscriberRequest, subscriberRequest } from '../testing/test-pki';
import type { SignatureInput } from './signature-input';
import type { SignatureTimestampVerifier } from './signature-timestamp-verifier';
import { type SignaturePurpose, SignatureVerificationService } from './signature-verification-service';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the signature verification tests (issue 15 item 3)');
const hasPkcs11Tool = hasOpenssl && commandExists('pkcs11-tool') && softHsmAvailable();
if (!hasPkcs11Tool)
  console.warn('pkcs11-tool (opensc) or SoftHSM is missing: skipping the raw signatures made on a token');
const test = hasOpenssl ? it : it.skip;
const tokenTest = hasPkcs11Tool ? it : it.skip;

const system = { kind: 'system', subject: 'pension' };
const hour = 60 * 60 * 1000;

/** A certificate issued by the CA, its PEM and its private key as PEM (for OpenSSL). */
interface Signer {
  row: Certificate;
  certificatePem: string;
  keyPem: string;
}

describe('the signature verification service (issue 15 item 3, GM/T 0029 签名验签)', () => {
  let orm: MikroORM;
  let backend: KeyBackend;
  let closeBackend: () => Promise<void>;
  let pki: Pki;
  let now = new Date();
  const content = Buffer.from('社保缴费申报 2026-12 单位编号 44030012345\n', 'utf8');

  beforeAll(async () => {
    orm = await openTestDatabase();
    ({ backend, close: closeBackend } = await (keyBackendFixtures[0] as (typeof keyBackendFixtures)[0]).open(orm));
    pki = createPki(orm.em, backend, {
      publicUrl: 'http://pki.tessera.test/',
      hierarchies: ['international', 'sm2'],
      clock: () => now,
    });
    await pki.hierarchy.ensure();
  });
  afterEach(() => {
    now = new Date();
  });
  afterAll(async () => {
    await closeBackend?.();
    await orm?.close();
  });

  async function issue(
    algorithm: 'P-256' | 'RSA-2048',
    kind: 'personal' | 'organization' | 'server' = 'personal',
  ): Promise<Signer> {
    const { csr, keys } = await subscriberRequest('CN=ignored', algorithm);
    const row = await pki.issuer.issue({
      kind,
      usage: 'signing',
      subject:
        kind === 'organization' ? 'CN=深圳市示例科技有限公司,OU=44030012345,C=CN' : 'CN=张三,OU=44030019850312,C=CN',
      csr,
      dnsNames: kind === 'server' ? ['si.example.cn'] : undefined,
      identity:
        kind === 'organization'
          ? { insuranceNumber: '44030012345', creditCode: '91440300MA5F12345X' }
          : { insuranceNumber: '44030019850312' },
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    return {
      row,
      certificatePem: pem(row.der as Buffer, 'CERTIFICATE'),
      keyPem: `${PemConverter.encode(new Uint8Array(pkcs8).buffer, 'PRIVATE KEY')}\n`,
    };
  }

  /** `openssl cms -sign` of `data` by `signer`, with `options` (-nodetach, -noattr, -binary, -md ...); DER. */
  async function cmsSign(signer: Signer, data: Buffer, ...options: string[]): Promise<Buffer> {
    const files = fileSet({ 'cert.pem': signer.certificatePem, 'key.pem': signer.keyPem, data });
    try {
      await openssl(
        ...['cms', '-sign', '-signer', files.path('cert.pem'), '-inkey', files.path('key.pem')],
        ...['-in', files.path('data'), '-outform', 'DER', '-out', files.path('signed.der'), ...options],
      );
      return readFileSync(files.path('signed.der'));
    } finally {
      files.remove();
    }
  }

  /** SignedData whose one SignerInfo `change` rewrote, encoded again. */
  function rewriteSigner(der: Buffer, change: (signerInfo: SignedData['signerInfos'][number]) => void): Buffer {
    const info = AsnConvert.parse(der, ContentInfo);
    const signedData = AsnConvert.parse(info.content, SignedData);
    change(signedData.signerInfos[0] as SignedData['signerInfos'][number]);
    info.content = AsnConvert.serialize(signedData);
    return Buffer.from(AsnConvert.serialize(info));
  }

  const verify = (input: SignatureInput, purpose: SignaturePurpose = 'contentCommitment') =>
    pki.signatures.verify(input, purpose, system);
  const b64 = (bytes: Buffer) => bytes.toString('base64');

  describe.each(['P-256', 'RSA-2048'] as const)('with a %s certificate', (algorithm) => {
    let signer: Signer;
    beforeAll(async () => {
      if (hasOpenssl) signer = await issue(algorithm);
    });

    test('verifies attached SignedData (openssl cms -nodetach) and answers the signer and the unverified signingTime', async () => {
      const before = new Date(Math.floor(Date.now() / 1000) * 1000);
      const outcome = await verify({ signedData: b64(await cmsSign(signer, content, '-nodetach', '-binary')) });
      expect(outcome).toMatchObject({
        valid: true,
        code: undefined,
        signingTimeSource: 'signingTimeUnverified',
        digestAlgorithm: 'SHA-256',
        revocation: { status: 'active' },
        signer: {
          certificateId: signer.row.id,
          serialNumber: signer.row.serialNumber,
          subject: signer.row.subject,
          kind: 'personal',
          insuranceNumber: '44030019850312',
          signatureAlgorithm: algorithm === 'P-256' ? 'SHA256withECDSA' : 'SHA256withRSA',
          hierarchy: 'international',
        },
      });
      expect(outcome.signingTime?.getTime()).toBeGreaterThanOrEqual(before.getTime());
      const record = await pki.signatures.record(outcome.record.id);
      expect(record).toMatchObject({
        requesterKind: 'system',
        requester: 'pension',
        form: 'cms',
        valid: true,
        code: null,
        certificateId: signer.row.id,
        signingTimeSource: 'signingTimeUnverified',
      });
      expect(record?.inputDigest).toMatch(/^[0-9a-f]{64}$/);
    });

    test('verifies detached SignedData with its content, in PEM too, and refuses tampered content', async () => {
      const detached = await cmsSign(signer, content, '-binary');
      expect((await verify({ signedData: b64(detached), content: b64(content) })).valid).toBe(true);
      const asPem = `-----BEGIN CMS-----\n${b64(detached).replace(/(.{64})/g, '$1\n')}\n-----END CMS-----\n`;
      expect((await verify({ signedData: asPem, content: b64(content) })).valid).toBe(true);
      const tampered = Buffer.from(content);
      tampered[0] = (tampered[0] as number) ^ 1;
      expect(await verify({ signedData: b64(detached), content: b64(tampered) })).toMatchObject({
        valid: false,
        code: 'SIGNATURE_DIGEST_MISMATCH',
        signer: { certificateId: signer.row.id },
      });
    });

    test('verifies SignedData without signed attributes (-noattr): no signing time, the status now', async () => {
      const signed = await cmsSign(signer, content, '-noattr', '-nodetach', '-binary');
      expect(await verify({ signedData: b64(signed) })).toMatchObject({ valid: true, signingTimeSource: 'none' });
      const detached = await cmsSign(signer, content, '-noattr', '-binary');
      expect(await verify({ signedData: b64(detached), content: b64(Buffer.from('other')) })).toMatchObject({
        valid: false,
        code: 'SIGNATURE_INVALID',
      });
    });

    test('takes SHA-384 and SHA-512 digests and refuses SHA-1', async () => {
      for (const [md, name] of [
        ['sha384', 'SHA-384'],
        ['sha512', 'SHA-512'],
      ]) {
        const signed = await cmsSign(signer, content, '-nodetach', '-md', md as string);
        expect(await verify({ signedData: b64(signed) })).toMatchObject({ valid: true, digestAlgorithm: name });
      }
      const sha1 = await cmsSign(signer, content, '-nodetach', '-md', 'sha1');
      expect(await verify({ signedData: b64(sha1) })).toMatchObject({
        valid: false,
        code: 'SIGNATURE_DIGEST_ALGORITHM_WEAK',
      });
    });

    test('verifies a raw signature with the certificate and the data, and refuses it over other data', async () => {
      const files = fileSet({ 'key.pem': signer.keyPem, data: content });
      try {
        await openssl(
          ...['dgst', '-sha256', '-sign', files.path('key.pem'), '-out', files.path('sig')],
          files.path('data'),
        );
        const signature = b64(readFileSync(files.path('sig')));
        const raw = { signature, certificate: signer.certificatePem, content: b64(content) };
        expect(await verify(raw)).toMatchObject({ valid: true, signingTimeSource: 'none', digestAlgorithm: 'SHA-256' });
        expect(await verify({ ...raw, content: b64(Buffer.from('x')) })).toMatchObject({ code: 'SIGNATURE_INVALID' });
        expect(await verify({ ...raw, digestAlgorithm: 'sm3' })).toMatchObject({
          code: 'SIGNATURE_ALGORITHM_UNSUPPORTED',
        });
      } finally {
        files.remove();
      }
    });
  });

  test('reads BER SignedData as a streaming signer writes it (openssl cms -stream: indefinite lengths)', async () => {
    const signer = await issue('P-256');
    const streamed = await cmsSign(signer, content, '-nodetach', '-binary', '-stream');
    expect(streamed.subarray(0, 2)).toEqual(Buffer.from([0x30, 0x80]));
    expect(await verify({ signedData: b64(streamed) })).toMatchObject({
      valid: true,
      signer: { certificateId: signer.row.id },
    });
    const detached = await cmsSign(signer, content, '-binary', '-stream');
    expect(await verify({ signedData: b64(detached), content: b64(Buffer.from('other')) })).toMatchObject({
      code: 'SIGNATURE_DIGEST_MISMATCH',
    });
  });

  test('takes the signing time from a signature time-stamp token when a verifier is wired, over the signingTime attribute', async () => {
    const signer = await issue('P-256');
    const signed = await cmsSign(signer, content, '-nodetach', '-binary');
    const token = Buffer.from('a TimeStampToken stands here', 'utf8');
    const stamped = rewriteSigner(signed, (signerInfo) => {
      signerInfo.unsignedAttrs = [
        new Attribute({
          attrType: '1.2.840.113549.1.9.16.2.14',
          attrValues: [new Uint8Array(AsnConvert.serialize(new OctetString(token))).buffer],
        }),
      ];
    });
    now = new Date(Date.now() + hour);
    await pki.revocation.revoke(signer.row.id, 'keyCompromise', 'admin');
    // The kit's verifyTimeStampToken is wired by the lead; here a stand-in says when the TSA stamped the signature.
    const seen: Buffer[] = [];
    const stampedAt = (at: Date): SignatureTimestampVerifier => ({
      async verify(value, signatureValue) {
        seen.push(value, signatureValue);
        return at;
      },
    });
    const withTsa = (timestamps: SignatureTimestampVerifier) =>
      new SignatureVerificationService({ em: orm.em, hierarchy: pki.hierarchy, timestamps, clock: () => now });
    const before = new Date(Date.now() + hour / 2);
    const outcome = await withTsa(stampedAt(before)).verify({ signedData: b64(stamped) }, 'contentCommitment', system);
    expect(outcome).toMatchObject({ valid: true, signingTimeSource: 'timestamp', signingTime: before });
    expect(seen[0]).toEqual(Buffer.from(AsnConvert.serialize(new OctetString(token))));
    expect(seen[1]?.length).toBeGreaterThan(60);
    const after = new Date(Date.now() + 2 * hour);
    expect(
      await withTsa(stampedAt(after)).verify({ signedData: b64(stamped) }, 'contentCommitment', system),
    ).toMatchObject({
      valid: false,
      code: 'SIGNATURE_CERTIFICATE_REVOKED',
      signingTimeSource: 'timestamp',
    });
    const refusing = { verify: () => Promise.reject(new Error('bad token')) };
    expect(await withTsa(refusing).verify({ signedData: b64(stamped) }, 'contentCommitment', system)).toMatchObject({
      valid: false,
      code: 'SIGNATURE_TIMESTAMP_INVALID',
    });
    // The platform's own verifier trusts tokens of Tessera's TSA only: this one is refused.
    expect(await verify({ signedData: b64(stamped) })).toMatchObject({
      valid: false,
      code: 'SIGNATURE_TIMESTAMP_INVALID',
    });
  });

  test("RA-4: a token of Tessera's TSA over the signature value dates the signature: revoked later, it still verifies", async () => {
    await pki.tsa.ensure();
    const signer = await issue('P-256');
    const signed = await cmsSign(signer, content, '-nodetach', '-binary');
    let signatureValue = Buffer.alloc(0);
    rewriteSigner(signed, (signerInfo) => {
      signatureValue = Buffer.from(signerInfo.signature.buffer);
    });
    const stamp = async (data: Buffer) => {
      const query = timeStampQuery(createHash('sha256').update(data).digest());
      const answer = await pki.tsa.respond(query.der, 'application/timestamp-query');
      expect(answer.status).toBe('granted');
      return timeStampTokenOf(answer.der);
    };
    const withToken = (token: Buffer) =>
      rewriteSigner(signed, (signerInfo) => {
        signerInfo.unsignedAttrs = [
          new Attribute({ attrType: '1.2.840.113549.1.9.16.2.14', attrValues: [new Uint8Array(token).buffer] }),
        ];
      });
    const stampedAt = now;
    const stamped = withToken(await stamp(signatureValue));
    const ofOtherData = withToken(await stamp(Buffer.from('another signature value')));
    now = new Date(stampedAt.getTime() + hour);
    await pki.revocation.revoke(signer.row.id, 'keyCompromise', 'admin');
    const outcome = await verify({ signedData: b64(stamped) });
    expect(outcome).toMatchObject({ valid: true, signingTimeSource: 'timestamp' });
    expect(Math.abs((outcome.signingTime?.getTime() ?? 0) - stampedAt.getTime())).toBeLessThan(1_000);
    expect(await verify({ signedData: b64(ofOtherData) })).toMatchObject({
      valid: false,
      code: 'SIGNATURE_TIMESTAMP_INVALID',
    });
  });

  test('answers a unit: its name, social-insurance number and credit code from the RA data', async () => {
    const unit = await issue('P-256', 'organization');
    const outcome = await verify({ signedData: b64(await cmsSign(unit, content, '-nodetach')) });
    expect(outcome).toMatchObject({
      valid: true,
      signer: {
        kind: 'organization',
        unitName: '深圳市示例科技有限公司',
        insuranceNumber: '44030012345',
        creditCode: '91440300MA5F12345X',
      },
    });
  });

  test('checks the key usage for the purpose: content commitment needs nonRepudiation (a server certificate has not)', async () => {
    const server = await issue('P-256', 'server');
    const signed = b64(await cmsSign(server, content, '-nodetach'));
    expect(await verify({ signedData: signed }, 'contentCommitment')).toMatchObject({
      valid: false,
      code: 'SIGNATURE_KEY_USAGE_INVALID',
      params: { purpose: 'contentCommitment', keyUsage: 'nonRepudiation' },
    });
    expect(await verify({ signedData: signed }, 'digitalSignature')).toMatchObject({ valid: true });
  });

  test('RA-4: a certificate revoked before the signing time fails; one revoked after still verifies and says when', async () => {
    const early = await issue('RSA-2048');
    await pki.revocation.revoke(early.row.id, 'keyCompromise', 'admin');
    expect(await verify({ signedData: b64(await cmsSign(early, content, '-nodetach')) })).toMatchObject({
      valid: false,
      code: 'SIGNATURE_CERTIFICATE_REVOKED',
      revocation: { status: 'revoked', reason: 'keyCompromise' },
    });

    const late = await issue('P-256');
    const signed = b64(await cmsSign(late, content, '-nodetach'));
    now = new Date(Date.now() + hour);
    await pki.revocation.revoke(late.row.id, 'superseded', 'admin');
    const outcome = await verify({ signedData: signed });
    expect(outcome).toMatchObject({ valid: true, revocation: { status: 'revoked', reason: 'superseded' } });
    expect(outcome.revocation?.revokedAt?.getTime()).toBeGreaterThan(outcome.signingTime?.getTime() as number);
  });

  test('RA-5: a certificate on hold at the signing time fails; released before, or held after, it verifies', async () => {
    const held = await issue('P-256');
    await pki.revocation.suspend(held.row.id, 'admin');
    expect(await verify({ signedData: b64(await cmsSign(held, content, '-nodetach')) })).toMatchObject({
      valid: false,
      code: 'SIGNATURE_CERTIFICATE_ON_HOLD',
      revocation: { status: 'onHold' },
    });
    // Held an hour ago and released half an hour later (the revocation service's clock), then signed now.
    const released = await issue('P-256');
    now = new Date(Date.now() - hour);
    await pki.revocation.suspend(released.row.id, 'admin');
    now = new Date(Date.now() - hour / 2);
    await pki.revocation.release(released.row.id, 'admin');
    now = new Date();
    expect(await verify({ signedData: b64(await cmsSign(released, content, '-nodetach')) })).toMatchObject({
      valid: true,
      revocation: { status: 'active' },
    });
    const signed = b64(await cmsSign(released, content, '-nodetach'));
    now = new Date(Date.now() + hour);
    await pki.revocation.suspend(released.row.id, 'admin');
    expect(await verify({ signedData: signed })).toMatchObject({ valid: true, revocation: { status: 'onHold' } });
  });

  test('CT-6: a certificate past its validity at the time of the check fails as expired (-10101039)', async () => {
    const signer = await issue('P-256');
    const signed = b64(await cmsSign(signer, content, '-nodetach', '-noattr'));
    now = new Date(Date.now() + 400 * 24 * hour);
    expect(await verify({ signedData: signed })).toMatchObject({
      valid: false,
      code: 'SIGNATURE_CERTIFICATE_EXPIRED',
      signingTimeSource: 'none',
    });
  });

  test('CT-6: a certificate Tessera did not issue fails with the meaning of -10101029 (no root certificate)', async () => {
    const files = fileSet({});
    try {
      await openssl(
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
        ...[
          '-keyout',
          files.path('key.pem'),
          '-out',
          files.path('cert.pem'),
          '-subj',
          '/CN=Tessera Issuing CA/O=Tessera/C=CN',
        ],
      );
      const stranger = {
        row: undefined as unknown as Certificate,
        certificatePem: readFileSync(files.path('cert.pem'), 'utf8'),
        keyPem: readFileSync(files.path('key.pem'), 'utf8'),
      };
      const outcome = await verify({ signedData: b64(await cmsSign(stranger, content, '-nodetach')) });
      expect(outcome).toMatchObject({ valid: false, code: 'SIGNATURE_CERTIFICATE_UNTRUSTED' });
      expect(outcome.signer).toBeUndefined();
    } finally {
      files.remove();
    }
  });

  test('SM2 (issue 14): a raw SM3withSM2 signature made by OpenSSL with the GM/T 0009 identifier verifies', async () => {
    const { csr, keyPem } = await sm2SubscriberRequest();
    const row = await pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=李四,OU=44030019900101,C=CN',
      csr,
      hierarchy: 'sm2',
    });
    const files = fileSet({ 'key.pem': keyPem, data: content });
    try {
      await openssl(
        ...['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-inkey', files.path('key.pem')],
        ...['-pkeyopt', 'distid:1234567812345678', '-in', files.path('data'), '-out', files.path('sig')],
      );
      const raw = {
        signature: b64(readFileSync(files.path('sig'))),
        certificate: pem(row.der as Buffer, 'CERTIFICATE'),
        content: b64(content),
      };
      expect(await verify(raw)).toMatchObject({
        valid: true,
        digestAlgorithm: 'SM3',
        signer: { signatureAlgorithm: 'SM3withSM2', hierarchy: 'sm2' },
      });
      expect(await verify({ ...raw, content: b64(Buffer.from('x')) })).toMatchObject({ code: 'SIGNATURE_INVALID' });
      expect(await verify({ ...raw, digestAlgorithm: 'sha256' })).toMatchObject({
        code: 'SIGNATURE_ALGORITHM_UNSUPPORTED',
      });
    } finally {
      files.remove();
    }
  });

  test('SM2 (issue 14): SignedData with signed attributes signed SM3withSM2 by OpenSSL verifies; tampered content does not', async () => {
    // OpenSSL 3.0 cannot write SM2 SignedData (`cms -sign -md sm3` fails: "illegal zero content"): the SignedData
    // is put together here with the asn1-cms schemas, and OpenSSL signs the DER SET of its signed attributes.
    const { csr, keyPem } = await sm2SubscriberRequest();
    const row = await pki.issuer.issue({
      kind: 'organization',
      usage: 'signing',
      subject: 'CN=太原示例单位,OU=14012345,C=CN',
      csr,
      hierarchy: 'sm2',
      identity: { insuranceNumber: '14012345', creditCode: '91440300MA5F12345X' },
    });
    const certificate = AsnConvert.parse(row.der as Buffer, X509Asn);
    const attributes = [
      new Attribute({
        attrType: '1.2.840.113549.1.9.3',
        attrValues: [new asn1js.ObjectIdentifier({ value: id_data }).toBER()],
      }),
      new Attribute({
        attrType: '1.2.840.113549.1.9.4',
        attrValues: [AsnConvert.serialize(new OctetString(createHash('sm3').update(content).digest()))],
      }),
    ];
    const signedAttributes = derElement(0x31, ...attributes.map((a) => Buffer.from(AsnConvert.serialize(a))));
    const files = fileSet({ 'key.pem': keyPem, attributes: signedAttributes });
    let signature: Buffer;
    try {
      await openssl(
        ...['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-inkey', files.path('key.pem')],
        ...['-pkeyopt', 'distid:1234567812345678', '-in', files.path('attributes'), '-out', files.path('sig')],
      );
      signature = readFileSync(files.path('sig'));
    } finally {
      files.remove();
    }
    const sm3 = new AlgorithmIdentifier({ algorithm: '1.2.156.10197.1.401' });
    const signedData = (attached: Buffer) =>
      Buffer.from(
        AsnConvert.serialize(
          new ContentInfo({
            contentType: id_signedData,
            content: AsnConvert.serialize(
              new SignedData({
                version: 1,
                digestAlgorithms: new DigestAlgorithmIdentifiers([sm3]),
                encapContentInfo: new EncapsulatedContentInfo({
                  eContentType: id_data,
                  eContent: new EncapsulatedContent({ single: new OctetString(attached) }),
                }),
                certificates: new CertificateSet([new CertificateChoices({ certificate })]),
                signerInfos: new SignerInfos([
                  new SignerInfo({
                    version: 1,
                    sid: new SignerIdentifier({
                      issuerAndSerialNumber: new IssuerAndSerialNumber({
                        issuer: certificate.tbsCertificate.issuer,
                        serialNumber: certificate.tbsCertificate.serialNumber,
                      }),
                    }),
                    digestAlgorithm: sm3,
                    signedAttrs: attributes,
                    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: '1.2.156.10197.1.501' }),
                    signature: new OctetString(signature),
                  }),
                ]),
              }),
            ),
          }),
        ),
      );
    expect(await verify({ signedData: b64(signedData(content)) })).toMatchObject({
      valid: true,
      digestAlgorithm: 'SM3',
      signer: {
        signatureAlgorithm: 'SM3withSM2',
        hierarchy: 'sm2',
        kind: 'organization',
        unitName: '太原示例单位',
        insuranceNumber: '14012345',
        creditCode: '91440300MA5F12345X',
      },
    });
    expect(await verify({ signedData: b64(signedData(Buffer.from('altered'))) })).toMatchObject({
      valid: false,
      code: 'SIGNATURE_DIGEST_MISMATCH',
    });
  });

  tokenTest(
    'verifies raw signatures made on a PKCS#11 token with pkcs11-tool --sign (RSA, and ECDSA as r‖s)',
    async () => {
      const token = await softHsmToken();
      const tool = (...args: string[]) =>
        run('pkcs11-tool', [
          '--module',
          token.modulePath,
          '--token-label',
          token.tokenLabel,
          '--login',
          '--pin',
          token.pin,
          ...args,
        ]);
      const files = fileSet({ data: content });
      try {
        for (const [keyType, id, mechanism] of [
          ['rsa:2048', '7a01', 'SHA256-RSA-PKCS'],
          ['EC:prime256v1', '7a02', 'ECDSA'],
        ] as const) {
          const made = await tool('--keypairgen', '--key-type', keyType, '--id', id, '--label', `verify-${id}`);
          expect(made.status).toBe(0);
          const read = await tool('--read-object', '--type', 'pubkey', '--id', id, '-o', files.path(`${id}.spki`));
          expect(read.status).toBe(0);
          const row = await pki.issuer.issue({
            kind: 'personal',
            usage: 'signing',
            subject: 'CN=王五,OU=44030019700101,C=CN',
            generatedPublicKey: readFileSync(files.path(`${id}.spki`)),
          });
          // SoftHSM has no CKM_ECDSA_SHA256: the data is hashed here and the token signs the digest.
          const input = mechanism === 'ECDSA' ? files.path('digest') : files.path('data');
          if (mechanism === 'ECDSA') await openssl('dgst', '-sha256', '-binary', '-out', input, files.path('data'));
          const signed = await tool('--sign', '-m', mechanism, '--id', id, '-i', input, '-o', files.path(`${id}.sig`));
          expect(signed.status).toBe(0);
          const raw = {
            signature: b64(readFileSync(files.path(`${id}.sig`))),
            certificate: b64(row.der as Buffer),
            content: b64(content),
          };
          expect(await verify(raw)).toMatchObject({ valid: true, signer: { certificateId: row.id } });
          expect(await verify({ ...raw, content: b64(Buffer.from('x')) })).toMatchObject({ code: 'SIGNATURE_INVALID' });
        }
      } finally {
        files.remove();
      }
    },
  );

  describe('bad input: each a typed code with zh-CN and en messages and a stored record, never an exception', () => {
    let signer: Signer;
    let other: Signer;
    beforeAll(async () => {
      if (!hasOpenssl) return;
      signer = await issue('P-256');
      other = await issue('RSA-2048');
    });

    /** SignedData with `change` applied to it, re-encoded. */
    function rewrite(der: Buffer, change: (signedData: SignedData) => void): Buffer {
      const info = AsnConvert.parse(der, ContentInfo);
      const signedData = AsnConvert.parse(info.content, SignedData);
      change(signedData);
      info.content = AsnConvert.serialize(signedData);
      return Buffer.from(AsnConvert.serialize(info));
    }

    test('walks every bad input', async () => {
      const attached = await cmsSign(signer, content, '-nodetach');
      const detached = await cmsSign(signer, content);
      const files = fileSet({
        'a.pem': signer.certificatePem,
        'ka.pem': signer.keyPem,
        'b.pem': other.certificatePem,
        'kb.pem': other.keyPem,
        data: content,
      });
      let twoSigners: Buffer;
      try {
        await openssl(
          ...['cms', '-sign', '-nodetach', '-in', files.path('data'), '-outform', 'DER', '-out', files.path('two.der')],
          ...['-signer', files.path('a.pem'), '-inkey', files.path('ka.pem')],
          ...['-signer', files.path('b.pem'), '-inkey', files.path('kb.pem')],
        );
        twoSigners = readFileSync(files.path('two.der'));
      } finally {
        files.remove();
      }
      const cases: [string, SignatureInput, string][] = [
        ['not base64', { signedData: '@@@ not base64 @@@' }, 'SIGNATURE_INPUT_MALFORMED'],
        ['truncated base64', { signedData: 'MIIB' + 'A' }, 'SIGNATURE_INPUT_MALFORMED'],
        ['not DER', { signedData: b64(Buffer.from('just some text, not DER at all')) }, 'SIGNATURE_INPUT_MALFORMED'],
        ['truncated DER', { signedData: b64(attached.subarray(0, attached.length - 20)) }, 'SIGNATURE_INPUT_MALFORMED'],
        ['a certificate, not SignedData', { signedData: signer.certificatePem }, 'SIGNATURE_INPUT_MALFORMED'],
        ['bad base64 content', { signedData: b64(detached), content: '%%%' }, 'SIGNATURE_INPUT_MALFORMED'],
        [
          'raw with a malformed certificate',
          { signature: 'AAAA', certificate: 'AAAA', content: 'AAAA' },
          'SIGNATURE_INPUT_MALFORMED',
        ],
        ['nothing', {}, 'SIGNATURE_INPUT_AMBIGUOUS'],
        ['both forms', { signedData: b64(attached), signature: 'AAAA' }, 'SIGNATURE_INPUT_AMBIGUOUS'],
        [
          'no signer',
          {
            signedData: b64(
              rewrite(attached, (d) => {
                d.signerInfos = new SignerInfos([]);
              }),
            ),
          },
          'SIGNATURE_NO_SIGNER',
        ],
        ['several signers', { signedData: b64(twoSigners) }, 'SIGNATURE_SEVERAL_SIGNERS'],
        [
          'an unknown digest algorithm (MD5)',
          {
            signedData: b64(
              rewrite(attached, (d) => {
                (d.signerInfos[0] as SignedData['signerInfos'][number]).digestAlgorithm.algorithm =
                  '1.2.840.113549.2.5';
              }),
            ),
          },
          'SIGNATURE_DIGEST_ALGORITHM_UNSUPPORTED',
        ],
        [
          'an unknown signature algorithm (Ed25519)',
          {
            signedData: b64(
              rewrite(attached, (d) => {
                (d.signerInfos[0] as SignedData['signerInfos'][number]).signatureAlgorithm.algorithm = '1.3.101.112';
              }),
            ),
          },
          'SIGNATURE_ALGORITHM_UNSUPPORTED',
        ],
        [
          'no signer certificate, and a serial Tessera does not know',
          {
            signedData: b64(
              rewrite(attached, (d) => {
                d.certificates = undefined;
                const sid = (d.signerInfos[0] as SignedData['signerInfos'][number]).sid.issuerAndSerialNumber;
                if (sid) sid.serialNumber = new Uint8Array([1, 2, 3]).buffer;
              }),
            ),
          },
          'SIGNATURE_SIGNER_CERTIFICATE_MISSING',
        ],
        ['raw without a certificate', { signature: 'AAAA', content: 'AAAA' }, 'SIGNATURE_SIGNER_CERTIFICATE_MISSING'],
        ['detached without content', { signedData: b64(detached) }, 'SIGNATURE_CONTENT_MISSING'],
        ['raw without content', { signature: 'AAAA', certificate: signer.certificatePem }, 'SIGNATURE_CONTENT_MISSING'],
        [
          'content not matching the digest',
          { signedData: b64(detached), content: b64(Buffer.from('not what was signed')) },
          'SIGNATURE_DIGEST_MISMATCH',
        ],
        [
          'attached content and other content beside it',
          { signedData: b64(attached), content: b64(Buffer.from('not what was signed')) },
          'SIGNATURE_DIGEST_MISMATCH',
        ],
      ];
      for (const [name, input, code] of cases) {
        const outcome = await verify(input);
        expect({ name, valid: outcome.valid, code: outcome.code }).toEqual({ name, valid: false, code });
        expect(await pki.signatures.record(outcome.record.id)).toMatchObject({ valid: false, code });
      }
    });

    test('finds the signer by serial when the SignedData carries no certificate (openssl cms -nocerts)', async () => {
      const signed = await cmsSign(signer, content, '-nodetach', '-nocerts');
      expect(await verify({ signedData: b64(signed) })).toMatchObject({
        valid: true,
        signer: { certificateId: signer.row.id },
      });
    });
  });
});
