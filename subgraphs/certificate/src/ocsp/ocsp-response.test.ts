import { createHash, generateKeyPairSync, randomBytes, sign, verify, webcrypto } from 'node:crypto';
import {
  BasicOCSPResponse,
  CertID,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPResponse,
  OCSPResponseStatus,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, CRLReasons, Extension } from '@peculiar/asn1-x509';
import { X509CertificateGenerator } from '@peculiar/x509';
import type { Signer } from '../authority/signer';
import { signedResponse, unsuccessfulResponse } from './ocsp-response';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer: Signer = { algorithm: 'P-256', sign: async (data) => sign('sha256', data, keys.privateKey) };

const certId = (serial: number) =>
  Buffer.from(
    AsnConvert.serialize(
      new CertID({
        hashAlgorithm: new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26', parameters: null }),
        issuerNameHash: new OctetString(createHash('sha1').update('name').digest()),
        issuerKeyHash: new OctetString(createHash('sha1').update('key').digest()),
        serialNumber: new Uint8Array([serial]).buffer,
      }),
    ),
  );

describe('OCSP responses assembled from bytes (CT-5, RFC 6960 §4.2)', () => {
  it('are BasicOCSPResponses asn1-schema reads back to the same bytes, signed over ResponseData, every status in place', async () => {
    const producedAt = new Date('2026-12-05T10:00:00Z');
    const nextUpdate = new Date('2026-12-05T10:10:00Z');
    const revokedAt = new Date('2026-12-01T08:30:15Z');
    const nonce = Buffer.from(
      AsnConvert.serialize(
        new Extension({
          extnID: id_pkix_ocsp_nonce,
          extnValue: new OctetString(AsnConvert.serialize(new OctetString(randomBytes(16)))),
        }),
      ),
    );
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const responderKeys = (await webcrypto.subtle.generateKey(algorithm, false, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;
    const responderCertificate = Buffer.from(
      (
        await X509CertificateGenerator.createSelfSigned({
          name: 'CN=Responder',
          keys: responderKeys,
          signingAlgorithm: algorithm,
        })
      ).rawData,
    );
    const der = await signedResponse({
      responderKeyHash: createHash('sha1').update('responder').digest(),
      responderCertificate,
      signer,
      producedAt,
      nextUpdate,
      nonce,
      answers: [
        { certId: certId(1), status: { status: 'good' } },
        { certId: certId(2), status: { status: 'revoked', revokedAt, reason: 'keyCompromise' } },
        { certId: certId(3), status: { status: 'revoked', revokedAt, reason: 'unspecified' } },
        { certId: certId(4), status: { status: 'revoked', revokedAt, reason: 'certificateHold' } },
        { certId: certId(5), status: { status: 'unknown' } },
      ],
    });

    const response = AsnConvert.parse(der, OCSPResponse);
    expect(response.responseStatus).toBe(OCSPResponseStatus.successful);
    expect(response.responseBytes?.responseType).toBe(id_pkix_ocsp_basic);
    const basicDer = Buffer.from(response.responseBytes?.response.buffer as ArrayBuffer);
    const basic = AsnConvert.parse(basicDer, BasicOCSPResponse);
    expect(Buffer.from(AsnConvert.serialize(basic)).equals(basicDer)).toBe(true);
    const data = basic.tbsResponseData;
    const tbs = Buffer.from(AsnConvert.serialize(data));
    expect(verify('sha256', tbs, keys.publicKey, Buffer.from(basic.signature))).toBe(true);
    expect(basic.signatureAlgorithm.algorithm).toBe('1.2.840.10045.4.3.2');
    expect(basic.certs?.map((c) => Buffer.from(AsnConvert.serialize(c)))).toEqual([responderCertificate]);
    expect(Buffer.from(data.responderID.byKey?.buffer as ArrayBuffer)).toEqual(
      createHash('sha1').update('responder').digest(),
    );
    expect(data.producedAt).toEqual(producedAt);
    expect(data.responseExtensions?.map((e) => Buffer.from(AsnConvert.serialize(e)))).toEqual([nonce]);
    const [good, compromised, unspecified, held, unknown] = data.responses;
    for (const [index, single] of data.responses.entries()) {
      expect(Buffer.from(AsnConvert.serialize(single.certID))).toEqual(certId(index + 1));
      expect(single.thisUpdate).toEqual(producedAt);
      expect(single.nextUpdate).toEqual(nextUpdate);
    }
    expect(good?.certStatus.good).toBeNull();
    expect(compromised?.certStatus.revoked?.revocationTime).toEqual(revokedAt);
    expect(compromised?.certStatus.revoked?.revocationReason?.reason).toBe(CRLReasons.keyCompromise);
    expect(unspecified?.certStatus.revoked?.revocationReason).toBeUndefined();
    expect(held?.certStatus.revoked?.revocationReason?.reason).toBe(CRLReasons.certificateHold);
    expect(unknown?.certStatus.unknown).toBeNull();
  });

  it('unsuccessful answers are the status alone (malformedRequest 1, unauthorized 6)', () => {
    expect(unsuccessfulResponse('malformedRequest').toString('hex')).toBe('30030a0101');
    expect(AsnConvert.parse(unsuccessfulResponse('unauthorized'), OCSPResponse).responseStatus).toBe(
      OCSPResponseStatus.unauthorized,
    );
  });
});
