import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  type Extension as AsnExtension,
  Name as AsnName,
  Extensions,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import type { KeyAlgorithm } from '../keys/key-algorithm';
import { signatureAlgorithmOf } from './signer';

export interface TbsCertificateFields {
  serialNumber: Buffer;
  /** The issuer's subject, DER or parsed. */
  issuer: ArrayBuffer | AsnName;
  subject: ArrayBuffer | AsnName;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo, DER or parsed. */
  publicKey: Buffer | SubjectPublicKeyInfo;
  extensions: AsnExtension[];
}

const name = (value: ArrayBuffer | AsnName) => (value instanceof AsnName ? value : AsnConvert.parse(value, AsnName));

/** The DER to-be-signed part of an X.509 v3 certificate, for signers of `algorithm`. */
export function buildTbsCertificate(fields: TbsCertificateFields, algorithm: KeyAlgorithm): Buffer {
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(fields.serialNumber).buffer,
    signature: signatureAlgorithmOf(algorithm),
    issuer: name(fields.issuer),
    validity: new Validity({ notBefore: fields.notBefore, notAfter: fields.notAfter }),
    subject: name(fields.subject),
    subjectPublicKeyInfo:
      fields.publicKey instanceof SubjectPublicKeyInfo
        ? fields.publicKey
        : AsnConvert.parse(fields.publicKey, SubjectPublicKeyInfo),
    extensions: new Extensions(fields.extensions),
  });
  return Buffer.from(AsnConvert.serialize(tbs));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents, as hex. */
export function keyIdentifier(publicKey: Buffer | SubjectPublicKeyInfo): string {
  const spki =
    publicKey instanceof SubjectPublicKeyInfo ? publicKey : AsnConvert.parse(publicKey, SubjectPublicKeyInfo);
  return createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest('hex');
}
