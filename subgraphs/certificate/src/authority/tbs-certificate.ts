import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Extension as AsnExtension,
  Name as AsnName,
  Extensions,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import type { Extension } from '@peculiar/x509';
import type { KeyAlgorithm } from '../keys/key-algorithm';
import { signatureAlgorithmOf } from './signer';

export interface TbsCertificateFields {
  serialNumber: Buffer;
  issuer: ArrayBuffer;
  subject: ArrayBuffer;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
  extensions: Extension[];
}

/** The DER to-be-signed part of an X.509 v3 certificate, for signers of `algorithm`. */
export function buildTbsCertificate(fields: TbsCertificateFields, algorithm: KeyAlgorithm): Buffer {
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(fields.serialNumber).buffer,
    signature: signatureAlgorithmOf(algorithm),
    issuer: AsnConvert.parse(fields.issuer, AsnName),
    validity: new Validity({ notBefore: fields.notBefore, notAfter: fields.notAfter }),
    subject: AsnConvert.parse(fields.subject, AsnName),
    subjectPublicKeyInfo: AsnConvert.parse(fields.publicKey, SubjectPublicKeyInfo),
    extensions: new Extensions(fields.extensions.map((extension) => AsnConvert.parse(extension.rawData, AsnExtension))),
  });
  return Buffer.from(AsnConvert.serialize(tbs));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents, as hex. */
export function keyIdentifier(publicKey: Buffer): string {
  const spki = AsnConvert.parse(publicKey, SubjectPublicKeyInfo);
  return createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest('hex');
}
