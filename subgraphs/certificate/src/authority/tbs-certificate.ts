import { createHash } from 'node:crypto';
import { subjectPublicKeyBits } from '../keys/public-key';
import { derElement, derTime } from './der-writer';

/** Everything a TBSCertificate holds, each part already DER where it is bytes. */
export interface TbsCertificateParts {
  /** INTEGER body of the serial number. */
  serialNumber: Buffer;
  /** AlgorithmIdentifier DER of the signature that will cover it. */
  signatureAlgorithm: Buffer;
  /** Name DER of the issuer (the CA's subject). */
  issuer: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** Name DER. */
  subject: Buffer;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
  /** Extension DER each, in certificate order. */
  extensions: readonly Buffer[];
}

/** `[0] EXPLICIT Version v3`. */
const version3 = Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]);

/**
 * The DER TBSCertificate of an X.509 v3 certificate (RFC 5280 §4.1), written by hand: every
 * issuance builds one, and @peculiar/asn1-x509 took most of the issuance time doing it. A test
 * compares the bytes with the library's encoding.
 */
export function encodeTbsCertificate(parts: TbsCertificateParts): Buffer {
  const extensions = parts.extensions.length ? [derElement(0xa3, derElement(0x30, ...parts.extensions))] : [];
  return derElement(
    0x30,
    version3,
    derElement(0x02, parts.serialNumber),
    parts.signatureAlgorithm,
    parts.issuer,
    derElement(0x30, derTime(parts.notBefore), derTime(parts.notAfter)),
    parts.subject,
    parts.publicKey,
    ...extensions,
  );
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents of SPKI DER, as hex. */
export function keyIdentifier(publicKey: Buffer): string {
  return createHash('sha1').update(subjectPublicKeyBits(publicKey)).digest('hex');
}

/** The subjectKeyIdentifier extension DER (not critical) for a 20-octet key identifier. */
export function subjectKeyIdentifierExtension(keyId: string): Buffer {
  return derElement(0x30, subjectKeyIdentifierOid, derElement(0x04, derElement(0x04, Buffer.from(keyId, 'hex'))));
}

/** id-ce-subjectKeyIdentifier (2.5.29.14). */
const subjectKeyIdentifierOid = Buffer.from('0603551d0e', 'hex');
