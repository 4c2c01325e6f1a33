import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { MessageImprint, TimeStampReq } from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier, Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import {
  EssCertIdsV2,
  EssCertIdV2,
  id_aa_signingCertificateV2,
  SigningCertificateV2,
  timeStampTokenOf,
  verifyTimeStampToken,
} from '@tessera/kit';
import { derElement } from '../authority/der-writer';
import { type Signer, signatureAlgorithmOf } from '../authority/signer';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, openssl } from '../testing/test-pki';

const data = Buffer.from('RA-14 chain head 5f1c…');

async function stamp(baseUrl: string, stamped: Buffer, certReq = true): Promise<Buffer> {
  const request = new TimeStampReq({
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: '2.16.840.1.101.3.4.2.1' }),
      hashedMessage: new OctetString(createHash('sha256').update(stamped).digest()),
    }),
    certReq,
  });
  const response = await fetch(`${baseUrl}/pki/tsa`, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query' },
    body: new Uint8Array(AsnConvert.serialize(request)),
  });
  return timeStampTokenOf(Buffer.from(await response.arrayBuffer()));
}

/**
 * The token signed again by another key and certificate, every binding made right (ESSCertIDv2, signer identifier,
 * signature): what a forger holding some other certificate of the CA could make.
 */
async function resigned(token: Buffer, certificateDer: Buffer, signer: Signer): Promise<Buffer> {
  const info = AsnConvert.parse(token, ContentInfo);
  const signedData = AsnConvert.parse(info.content, SignedData);
  const certificate = AsnConvert.parse(certificateDer, AsnCertificate);
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo?.signedAttrs) throw new Error('no signer');
  const binding = new Attribute({
    attrType: id_aa_signingCertificateV2,
    attrValues: [
      AsnConvert.serialize(
        new SigningCertificateV2({
          certs: new EssCertIdsV2([
            new EssCertIdV2({ certHash: new OctetString(createHash('sha256').update(certificateDer).digest()) }),
          ]),
        }),
      ),
    ],
  });
  const attributes = [
    ...signerInfo.signedAttrs.filter((attribute) => attribute.attrType !== id_aa_signingCertificateV2),
    binding,
  ]
    .map((attribute) => ({ attribute, der: Buffer.from(AsnConvert.serialize(attribute)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der));
  signerInfo.signedAttrs = attributes.map((entry) => entry.attribute);
  signerInfo.sid = new SignerIdentifier({
    issuerAndSerialNumber: new IssuerAndSerialNumber({
      issuer: certificate.tbsCertificate.issuer,
      serialNumber: certificate.tbsCertificate.serialNumber,
    }),
  });
  signerInfo.signatureAlgorithm = signatureAlgorithmOf(signer.algorithm);
  signerInfo.signature = new OctetString(await signer.sign(derElement(0x31, ...attributes.map((entry) => entry.der))));
  signedData.certificates = new CertificateSet([new CertificateChoices({ certificate })]);
  info.content = AsnConvert.serialize(signedData);
  return Buffer.from(AsnConvert.serialize(info));
}

describe('verifyTimeStampToken: tokens of the TSA checked by the kit (issue 15 item 4, for RA-14 anchors and signatures)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let issuing: Buffer;
  let root: Buffer;

  beforeAll(async () => {
    orm = await openTestDatabase();
    server = await startPkiServer(orm);
    issuing = (await server.pki.hierarchy.issuing()).entity.certificateDer;
    root = (await server.pki.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
  });
  afterAll(async () => {
    await server.close();
    await orm.close();
  });

  it('accepts a token for the stamped data from a TSA the issuing CA certified', async () => {
    const token = await stamp(server.baseUrl, data);
    const verified = verifyTimeStampToken(token, { data, trustAnchors: [issuing] });
    expect(verified.genTime).toBeInstanceOf(Date);
    expect(verified.serialNumber).toMatch(/^[0-9a-f]+$/);
    expect(verified.accuracyMs).toBe(1000);
    // The imprint alone does as well as the data.
    expect(
      verifyTimeStampToken(token, { digest: createHash('sha256').update(data).digest(), trustAnchors: [issuing] })
        .genTime,
    ).toEqual(verified.genTime);
  });

  it('refuses a token for other data: TIMESTAMP_IMPRINT_MISMATCH', async () => {
    const token = await stamp(server.baseUrl, data);
    expect(() => verifyTimeStampToken(token, { data: Buffer.from('other data'), trustAnchors: [issuing] })).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_IMPRINT_MISMATCH' }),
    );
  });

  it('refuses a tampered token: TIMESTAMP_INVALID, with the localized message', async () => {
    const token = await stamp(server.baseUrl, data);
    // The genTime's year inside the TSTInfo, one digit changed: the message digest no longer matches.
    const year = String(new Date().getUTCFullYear());
    const at = token.indexOf(Buffer.from(year));
    const tampered = Buffer.from(token);
    tampered[at + 3] = tampered[at + 3] === 0x39 ? 0x30 : (tampered[at + 3] as number) + 1;
    expect(() => verifyTimeStampToken(tampered, { data, trustAnchors: [issuing] })).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_INVALID', message: expect.stringContaining('message-digest') }),
    );
    // The signature's last byte changed.
    const badSignature = Buffer.from(token);
    const last = badSignature.length - 1;
    badSignature[last] = (badSignature[last] as number) ^ 0x01;
    expect(() => verifyTimeStampToken(badSignature, { data, trustAnchors: [issuing] })).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_INVALID' }),
    );
    expect(() => verifyTimeStampToken(Buffer.from('garbage'), { data, trustAnchors: [issuing] })).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_INVALID' }),
    );
  });

  it('refuses a TSA no trusted CA issued: TIMESTAMP_UNTRUSTED', async () => {
    const token = await stamp(server.baseUrl, data);
    expect(() => verifyTimeStampToken(token, { data, trustAnchors: [root] })).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_UNTRUSTED' }),
    );
    if (!commandExists('openssl')) return;
    const files = fileSet({});
    try {
      await openssl(
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=Other CA',
        '-keyout',
        files.path('key.pem'),
        '-outform',
        'DER',
        '-out',
        files.path('ca.der'),
        '-days',
        '2',
      );
      const { readFileSync } = await import('node:fs');
      expect(() => verifyTimeStampToken(token, { data, trustAnchors: [readFileSync(files.path('ca.der'))] })).toThrow(
        expect.objectContaining({ code: 'TIMESTAMP_UNTRUSTED' }),
      );
    } finally {
      files.remove();
    }
  });

  it('refuses a token signed with a certificate of the CA without the timeStamping EKU: TIMESTAMP_UNTRUSTED', async () => {
    const token = await stamp(server.baseUrl, data);
    const responder = await server.pki.hierarchy.responder();
    const forged = await resigned(token, responder.entity.certificateDer, responder.signer);
    expect(() => verifyTimeStampToken(forged, { data, trustAnchors: [issuing] })).toThrow(
      expect.objectContaining({
        code: 'TIMESTAMP_UNTRUSTED',
        message: expect.stringContaining('id-kp-timeStamping'),
      }),
    );
    // The same forgery with the real TSA certificate and key verifies: the check above is the EKU's.
    const tsa = await server.pki.tsa.certificate();
    const honest = await resigned(token, tsa, {
      algorithm: responder.signer.algorithm,
      sign: (bytes) => server.pki.tsa.sign(bytes),
    });
    expect(verifyTimeStampToken(honest, { data, trustAnchors: [issuing] }).tsaCertificate.equals(tsa)).toBe(true);
  });

  it('refuses a token signed by another key than its certificate’s: TIMESTAMP_INVALID', async () => {
    const token = await stamp(server.baseUrl, data);
    const responder = await server.pki.hierarchy.responder();
    const tsa = await server.pki.tsa.certificate();
    const mixed = await resigned(token, tsa, responder.signer);
    expect(() => verifyTimeStampToken(mixed, { data, trustAnchors: [issuing] })).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_INVALID', message: expect.stringContaining('signature') }),
    );
  });

  it('a token without its certificate (no certReq) verifies with the TSA certificate given, and not without', async () => {
    const token = await stamp(server.baseUrl, data, false);
    expect(() => verifyTimeStampToken(token, { data, trustAnchors: [issuing] })).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_UNTRUSTED' }),
    );
    const tsa = await server.pki.tsa.certificate();
    expect(verifyTimeStampToken(token, { data, trustAnchors: [issuing], tsaCertificates: [tsa] }).policy).toMatch(
      /\.4\.1$/,
    );
  });
});
