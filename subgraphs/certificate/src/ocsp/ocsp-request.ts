import {
  assertWellFormed,
  childrenOf,
  contents,
  type DerElement,
  DerSyntaxError,
  encoding,
  readWhole,
} from '../authority/der-reader';

/** CertID hash algorithms we answer for, by the DER of their OID: SHA-1 (OpenSSL's default) and SHA-256. */
const hashOids: ReadonlyMap<string, CertIdHash> = new Map([
  ['06052b0e03021a', 'sha1'],
  ['0609608648016503040201', 'sha256'],
]);

export type CertIdHash = 'sha1' | 'sha256';

/** id-pkix-ocsp-nonce (1.3.6.1.5.5.7.48.1.2) as DER. */
const nonceOid = Buffer.from('06092b0601050507300102', 'hex');

/** One certificate asked about (RFC 6960 §4.1.1 CertID), with its encoding, which the answer echoes. */
export interface RequestedCertificate {
  /** The CertID exactly as the request encodes it. */
  certId: Buffer;
  /** The hash of the issuer's name and key; undefined for an algorithm we do not answer for. */
  hash: CertIdHash | undefined;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  /** The serial as stored: lowercase hex of the magnitude, without the DER sign octet. */
  serial: string;
}

export interface OcspRequestContents {
  certificates: RequestedCertificate[];
  /** The nonce extension (RFC 8954) exactly as the request encodes it, echoed in the answer. */
  nonce?: Buffer;
}

/**
 * Reads an RFC 6960 OCSPRequest from strict DER (definite, minimal lengths; the fields in their order,
 * nothing after them) without building an object model: the lean path parses every request, cached
 * answers included. Throws `DerSyntaxError` on anything else; the responder answers `malformedRequest`.
 * A request signature is neither required nor checked (RFC 6960 §4.1.2, as before).
 */
export function readOcspRequest(der: Buffer): OcspRequestContents {
  const request = readWhole(der);
  expectTag(request, 0x30);
  assertWellFormed(der, request);
  // OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
  const [tbs, signature, ...extra] = childrenOf(der, request);
  if (!tbs || extra.length > 0 || (signature && signature.tag !== 0xa0)) throw new DerSyntaxError('OCSPRequest');
  expectTag(tbs, 0x30);
  // TBSRequest ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, requestorName [1] EXPLICIT OPTIONAL,
  //   requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
  const fields = childrenOf(der, tbs);
  let at = 0;
  if (fields[at]?.tag === 0xa0) {
    const [version, ...more] = childrenOf(der, fields[at] as DerElement);
    if (!version || more.length > 0 || version.tag !== 0x02 || !contents(der, version).equals(v1)) {
      throw new DerSyntaxError('version');
    }
    at++;
  }
  if (fields[at]?.tag === 0xa1) at++;
  const list = fields[at++];
  if (!list) throw new DerSyntaxError('requestList');
  expectTag(list, 0x30);
  let nonce: Buffer | undefined;
  const extensions = fields[at];
  if (extensions?.tag === 0xa2) {
    nonce = nonceIn(der, extensions);
    at++;
  }
  if (at !== fields.length) throw new DerSyntaxError('TBSRequest');
  return { certificates: childrenOf(der, list).map((entry) => requested(der, entry)), nonce };
}

const v1 = Buffer.from([0]);

function expectTag(element: DerElement, tag: number): void {
  if (element.tag !== tag) throw new DerSyntaxError(`expected tag ${tag}`);
}

/** Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL } */
function requested(der: Buffer, entry: DerElement): RequestedCertificate {
  expectTag(entry, 0x30);
  const [certId, extensions, ...extra] = childrenOf(der, entry);
  if (!certId || extra.length > 0 || (extensions && extensions.tag !== 0xa0)) throw new DerSyntaxError('Request');
  expectTag(certId, 0x30);
  // CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING,
  //   issuerKeyHash OCTET STRING, serialNumber CertificateSerialNumber }
  const [algorithm, nameHash, keyHash, serial, ...rest] = childrenOf(der, certId);
  if (!algorithm || !nameHash || !keyHash || !serial || rest.length > 0) throw new DerSyntaxError('CertID');
  expectTag(algorithm, 0x30);
  expectTag(nameHash, 0x04);
  expectTag(keyHash, 0x04);
  expectTag(serial, 0x02);
  const [oid] = childrenOf(der, algorithm);
  if (!oid) throw new DerSyntaxError('AlgorithmIdentifier');
  expectTag(oid, 0x06);
  return {
    certId: encoding(der, certId),
    hash: hashOids.get(encoding(der, oid).toString('hex')),
    issuerNameHash: contents(der, nameHash),
    issuerKeyHash: contents(der, keyHash),
    serial: serialHex(contents(der, serial)),
  };
}

/** A minimally encoded INTEGER as the stored serial; a negative one matches no certificate, and is unknown. */
function serialHex(body: Buffer): string {
  if (body.length === 0) throw new DerSyntaxError('empty INTEGER');
  const [first, second] = [body[0] as number, (body[1] ?? 0) as number];
  if (body.length > 1 && ((first === 0 && second < 0x80) || (first === 0xff && second >= 0x80))) {
    throw new DerSyntaxError('INTEGER not minimal');
  }
  return (first === 0 && body.length > 1 ? body.subarray(1) : body).toString('hex');
}

/** The nonce among `[2] EXPLICIT Extensions`, each Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue }. */
function nonceIn(der: Buffer, explicit: DerElement): Buffer | undefined {
  const [list, ...extra] = childrenOf(der, explicit);
  if (!list || extra.length > 0) throw new DerSyntaxError('requestExtensions');
  expectTag(list, 0x30);
  let nonce: Buffer | undefined;
  for (const extension of childrenOf(der, list)) {
    expectTag(extension, 0x30);
    const [id, ...fields] = childrenOf(der, extension);
    if (!id || fields.length === 0 || fields.length > 2) throw new DerSyntaxError('Extension');
    expectTag(id, 0x06);
    expectTag(fields.at(-1) as DerElement, 0x04);
    if (fields.length === 2) expectTag(fields[0] as DerElement, 0x01);
    if (encoding(der, id).equals(nonceOid)) nonce = encoding(der, extension);
  }
  return nonce;
}
