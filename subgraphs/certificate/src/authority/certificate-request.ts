import type { KeyObject } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Pkcs10CertificateRequest, SubjectAlternativeNameExtension } from '@peculiar/x509';
import { CertificateError } from '../errors';
import type { KeyFamily } from '../keys/key-algorithm';
import { familyOf, type ParsedPublicKey, readPublicKey } from '../keys/public-key';
import { type SignatureHash, signatureHashes, verifySignature } from '../keys/signature-verification';
import {
  assertWellFormed,
  childrenOf,
  contents,
  type DerElement,
  DerSyntaxError,
  encoding,
  readWhole,
} from './der-reader';

/** A PKCS#10 request whose signature verified: the requester holds the private key (proof of possession). */
export interface VerifiedRequest {
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
  /** The same key, parsed by Node; absent for an SM2 key, which Node cannot verify with. */
  key?: KeyObject;
  /**
   * How the key signs: `sm2` (国密, GM/T 0003) or `ec`/`rsa` (国际): what an application's choice of
   * algorithm is checked against.
   */
  family: KeyFamily;
}

/**
 * The common signature algorithms by their AlgorithmIdentifier DER (ECDSA and SM3withSM2 without parameters, as OpenSSL
 * writes them, RSA with NULL: RFC 5758, 4055).
 */
const hashesByDer = new Map<string, SignatureHash>([
  ['300a06082a8648ce3d040302', 'sha256'],
  ['300a06082a8648ce3d040303', 'sha384'],
  ['300a06082a8648ce3d040304', 'sha512'],
  ['300d06092a864886f70d01010b0500', 'sha256'],
  ['300d06092a864886f70d01010c0500', 'sha384'],
  ['300d06092a864886f70d01010d0500', 'sha512'],
  ['300a06082a811ccf55018375', 'sm3'],
]);

/** A CSR's key and a check of its signature with that key. */
interface SignedRequest {
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
  verify(key: ParsedPublicKey): boolean | Promise<boolean>;
}

/**
 * Parses and verifies a CSR (DER or PEM). Only its key is used; its subject is ignored by design. SM2 requests
 * verify with the GM/T 0009 distinguishing identifier `1234567812345678` (`openssl req -sigopt distid:…`).
 */
export async function verifyCertificateRequest(csr: Buffer | string): Promise<VerifiedRequest> {
  let der: Buffer;
  try {
    der = Buffer.isBuffer(csr) && csr[0] === 0x30 ? csr : Buffer.from(new Pkcs10CertificateRequest(csr).rawData);
  } catch {
    throw new CertificateError('CSR_MALFORMED');
  }
  const request = signedRequest(der) ?? parsedRequest(der);
  let key: ParsedPublicKey;
  let verified = false;
  try {
    key = readPublicKey(request.publicKey);
    verified = await request.verify(key);
  } catch {
    throw new CertificateError('CSR_KEY_UNSUPPORTED');
  }
  if (!verified) throw new CertificateError('CSR_SIGNATURE_INVALID');
  const family = familyOf(key);
  if (!family) throw new CertificateError('CSR_KEY_UNSUPPORTED');
  return { publicKey: request.publicKey, key: key.keyObject, family };
}

const subjectAlternativeNameOid = '2.5.29.17';

/** A subject alternative name a CSR asks for, as @peculiar/x509 names its type (`dns`, `email`, `ip`...). */
export interface RequestedName {
  type: string;
  value: string;
}

/**
 * The subject alternative names a CSR asks for in its extensionRequest (PKCS#9), so redemption can
 * refuse one asking for names nobody approved. Call it on a request `verifyCertificateRequest` took.
 */
export function requestedAlternativeNames(csr: Buffer | string): RequestedName[] {
  try {
    const request = new Pkcs10CertificateRequest(Buffer.isBuffer(csr) ? new Uint8Array(csr) : csr);
    const extension = request.getExtension(subjectAlternativeNameOid);
    if (!extension) return [];
    const names = new SubjectAlternativeNameExtension(extension.rawData).names.items;
    return names.map((name) => ({ type: name.type, value: name.value }));
  } catch {
    throw new CertificateError('CSR_MALFORMED');
  }
}

/**
 * The common case read straight from strict DER (the whole request checked to be well formed):
 * `SEQUENCE { SEQUENCE { version, subject, subjectPKInfo, [0] attributes }, algorithm, BIT STRING }`
 * signed with one of Node's algorithms. Anything else returns undefined for the full parser.
 */
function signedRequest(der: Buffer): SignedRequest | undefined {
  try {
    const outer = readWhole(der);
    assertWellFormed(der, outer);
    const parts = childrenOf(der, outer);
    const [info, algorithm, signature] = parts;
    if (parts.length !== 3 || info?.tag !== 0x30 || algorithm?.tag !== 0x30 || signature?.tag !== 0x03) return;
    const fields = childrenOf(der, info);
    const [version, subject, publicKey, attributes] = fields;
    const shape = [0x02, 0x30, 0x30, 0xa0];
    if (fields.length !== 4 || fields.some((field, i) => field.tag !== shape[i])) return;
    if (!version || !subject || !publicKey || !attributes) return;
    if (!isName(der, subject) || !isAttributes(der, attributes)) return;
    const hash = hashesByDer.get(encoding(der, algorithm).toString('hex'));
    const bits = contents(der, signature);
    if (!hash || bits[0] !== 0) return;
    const signed = encoding(der, info);
    return {
      publicKey: encoding(der, publicKey),
      verify: (key) => verifySignature(hash, key, signed, bits.subarray(1)),
    };
  } catch (error) {
    if (error instanceof DerSyntaxError) return;
    throw error;
  }
}

/** `SEQUENCE OF SET OF SEQUENCE { OID, value }` (X.501 Name). */
function isName(der: Buffer, name: DerElement): boolean {
  return childrenOf(der, name).every(
    (rdn) => rdn.tag === 0x31 && childrenOf(der, rdn).every((pair) => isTypeAndValue(der, pair, false)),
  );
}

/** `[0] IMPLICIT SET OF SEQUENCE { OID, SET OF value }` (PKCS#10 attributes). */
function isAttributes(der: Buffer, attributes: DerElement): boolean {
  return childrenOf(der, attributes).every((attribute) => isTypeAndValue(der, attribute, true));
}

function isTypeAndValue(der: Buffer, element: DerElement, valueIsSet: boolean): boolean {
  const parts = element.tag === 0x30 ? childrenOf(der, element) : [];
  return parts.length === 2 && parts[0]?.tag === 0x06 && (!valueIsSet || parts[1]?.tag === 0x31);
}

/**
 * Any other request, through @peculiar/asn1-csr: `verifySignature` for its algorithms (Node's one-shot
 * verify took a third of the time WebCrypto took), anything else (RSA-PSS...) through @peculiar/x509.
 */
function parsedRequest(der: Buffer): SignedRequest {
  let request: CertificationRequest;
  try {
    request = AsnConvert.parse(der, CertificationRequest);
  } catch {
    throw new CertificateError('CSR_MALFORMED');
  }
  const hash = signatureHashes[request.signatureAlgorithm.algorithm];
  const signed = request.certificationRequestInfoRaw;
  return {
    publicKey: Buffer.from(AsnConvert.serialize(request.certificationRequestInfo.subjectPKInfo)),
    verify: (key) =>
      hash && signed
        ? verifySignature(hash, key, Buffer.from(signed), Buffer.from(request.signature))
        : new Pkcs10CertificateRequest(request).verify(),
  };
}
