import { createHash, randomBytes } from 'node:crypto';
import { CertID, id_pkix_ocsp_nonce, OCSPRequest, Request, TBSRequest } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extension, GeneralName } from '@peculiar/asn1-x509';
import { DerSyntaxError } from '../authority/der-reader';
import { readOcspRequest } from './ocsp-request';

const sha1 = '1.3.14.3.2.26';
const sha256 = '2.16.840.1.101.3.4.2.1';

/** A CertID as asn1-schema writes it: the hashes of a made-up issuer, `serial` as the INTEGER's octets. */
function certId(hash: string, serial: Buffer, parameters: null | undefined = null): CertID {
  const digest = hash === sha1 ? 'sha1' : hash === sha256 ? 'sha256' : 'sha512';
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: hash, parameters }),
    issuerNameHash: new OctetString(createHash(digest).update('name').digest()),
    issuerKeyHash: new OctetString(createHash(digest).update('key').digest()),
    serialNumber: new Uint8Array(serial).buffer,
  });
}

function request(ids: CertID[], options: { nonce?: Buffer; requestor?: boolean; version?: boolean } = {}): Buffer {
  const nonce =
    options.nonce &&
    new Extension({
      extnID: id_pkix_ocsp_nonce,
      extnValue: new OctetString(AsnConvert.serialize(new OctetString(options.nonce))),
    });
  return Buffer.from(
    AsnConvert.serialize(
      new OCSPRequest({
        tbsRequest: new TBSRequest({
          ...(options.version ? { version: 0 } : {}),
          requestorName: options.requestor ? new GeneralName({ dNSName: 'relying.example' }) : undefined,
          requestList: ids.map((reqCert) => new Request({ reqCert })),
          requestExtensions: nonce
            ? [new Extension({ extnID: '2.5.29.99', extnValue: new OctetString(Buffer.from([5, 0])) }), nonce]
            : undefined,
        }),
      }),
    ),
  );
}

describe('the OCSP request reader (CT-5, RFC 6960 §4.1)', () => {
  it('reads the CertIDs byte for byte, with their hash algorithm, issuer hashes and the serial as stored', () => {
    const ids = [
      certId(sha1, Buffer.from('00c0ffee', 'hex')),
      certId(sha256, Buffer.from('0123', 'hex'), undefined),
      certId('2.16.840.1.101.3.4.2.3', Buffer.from('7f', 'hex')),
    ];
    const read = readOcspRequest(request(ids, { requestor: true, version: true }));
    expect(read.nonce).toBeUndefined();
    expect(read.certificates.map((c) => [c.hash, c.serial])).toEqual([
      ['sha1', 'c0ffee'],
      ['sha256', '0123'],
      [undefined, '7f'],
    ]);
    read.certificates.forEach((certificate, index) => {
      const id = ids[index] as CertID;
      expect(certificate.certId.equals(Buffer.from(AsnConvert.serialize(id)))).toBe(true);
      expect(certificate.issuerNameHash.equals(Buffer.from(id.issuerNameHash.buffer))).toBe(true);
      expect(certificate.issuerKeyHash.equals(Buffer.from(id.issuerKeyHash.buffer))).toBe(true);
    });
  });

  it('finds the nonce among the request extensions and keeps its encoding for the echo', () => {
    const nonce = randomBytes(16);
    const der = request([certId(sha1, Buffer.from([1]))], { nonce });
    const read = readOcspRequest(der);
    const parsed = AsnConvert.parse(read.nonce as Buffer, Extension);
    expect(parsed.extnID).toBe(id_pkix_ocsp_nonce);
    expect(Buffer.from(parsed.extnValue.buffer).subarray(2).equals(nonce)).toBe(true);
  });

  it('refuses what is not strict DER or not an OCSPRequest, as malformed', () => {
    const good = request([certId(sha1, Buffer.from([1]))]);
    const indefinite = Buffer.concat([Buffer.from([0x30, 0x80]), good.subarray(2), Buffer.from([0, 0])]);
    const longForm = Buffer.concat([Buffer.from([0x30, 0x81, good[1] as number]), good.subarray(2)]);
    const serialAt = good.lastIndexOf(Buffer.from([0x02, 0x01, 0x01]));
    const paddedSerial = Buffer.from(good);
    paddedSerial.set([0x02, 0x01, 0x00], serialAt); // INTEGER 0 is fine...
    const notMinimal = request([certId(sha1, Buffer.from('0001', 'hex'))]); // ...but 00 01 is not DER
    const wrongTag = Buffer.from(good);
    wrongTag[0] = 0x31;
    for (const bad of [
      Buffer.alloc(0),
      Buffer.from('not ocsp'),
      good.subarray(0, good.length - 1),
      Buffer.concat([good, Buffer.from([0])]),
      indefinite,
      longForm,
      notMinimal,
      wrongTag,
      request([]).subarray(0, 2),
    ]) {
      expect(() => readOcspRequest(bad)).toThrow(DerSyntaxError);
    }
    expect(readOcspRequest(paddedSerial).certificates[0]?.serial).toBe('00');
    expect(readOcspRequest(request([])).certificates).toEqual([]);
  });
});
