import { createHash, type KeyObject, X509Certificate as NodeCertificate, verify } from 'node:crypto';
import { type Attribute, EncapsulatedContentInfo, id_signedData, SignerInfo } from '@peculiar/asn1-cms';
import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { id_ct_tstInfo, PKIStatus, TimeStampResp, TSTInfo } from '@peculiar/asn1-tsp';
import {
  Certificate,
  ExtendedKeyUsage,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_kp_timeStamping,
  KeyUsage,
  KeyUsageFlags,
} from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import { DomainError } from '../errors/domain-error';
import { imprintAlgorithms } from './imprint-algorithms';
import { objectIdentifierAt } from './object-identifier';
import {
  id_aa_signingCertificate,
  id_aa_signingCertificateV2,
  id_sha256,
  SigningCertificate,
  SigningCertificateV2,
} from './signing-certificate';

const id_contentType = '1.2.840.113549.1.9.3';
const id_messageDigest = '1.2.840.113549.1.9.4';

/** What to check a token against. */
export interface TimeStampCheck {
  /** The data that was stamped: its hash under the token's imprint algorithm must be the imprint. */
  data?: Buffer;
  /** Or the imprint itself, when the caller holds only the hash (of the token's imprint algorithm). */
  digest?: Buffer;
  /**
   * Certificates (DER) the TSA certificate must be issued by: Tessera's issuing CAs (every generation that
   * may have certified a TSA). A token whose TSA certificate none of them signed is TIMESTAMP_UNTRUSTED.
   */
  trustAnchors: Buffer[];
  /** TSA certificates (DER) to use when the token does not carry its own (a request without certReq). */
  tsaCertificates?: Buffer[];
}

/** What a valid token says. */
export interface VerifiedTimeStamp {
  /** When the TSA stamped the data (TSTInfo genTime). */
  genTime: Date;
  /** The token's serial number, lowercase hex without leading zero octets. */
  serialNumber: string;
  /** The TSA policy the token was issued under. */
  policy: string;
  /** The TSA certificate that signed it (DER). */
  tsaCertificate: Buffer;
  /** The imprint's hash (`sha256`, `sha384`, `sha512`, `sm3`) and value. */
  imprint: { algorithm: string; digest: Buffer };
  /** The accuracy of genTime in milliseconds, when the token states one. */
  accuracyMs?: number;
  /** The nonce of the request, hex, when there was one. */
  nonce?: string;
}

/** Signature algorithms of CMS signer infos read here: RSA PKCS#1 v1.5 and ECDSA, with their hash. */
const signatureHashes: Record<string, string | undefined> = {
  '1.2.840.113549.1.1.1': undefined, // rsaEncryption: the signer info's digest algorithm
  '1.2.840.10045.2.1': undefined, // id-ecPublicKey, written by some signers: likewise
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

const invalid = (problem: string) => new DomainError('TIMESTAMP_INVALID', { problem });
const untrusted = (problem: string) => new DomainError('TIMESTAMP_UNTRUSTED', { problem });

/**
 * The token of a TimeStampResp (RFC 3161 §2.4.2): TIMESTAMP_REJECTED (with the status and failInfo) when the
 * TSA granted none, TIMESTAMP_INVALID when the reply cannot be read.
 */
export function timeStampTokenOf(reply: Buffer): Buffer {
  let response: TimeStampResp;
  try {
    response = AsnConvert.parse(reply, TimeStampResp);
  } catch {
    throw invalid('the time-stamp reply is not DER');
  }
  const { status, failInfo } = response.status;
  const granted = status === PKIStatus.granted || status === PKIStatus.grantedWithMods;
  if (!granted || !response.timeStampToken) {
    const failures = failInfo ? failInfoNames(Buffer.from(failInfo.value), failInfo.unusedBits) : [];
    throw new DomainError('TIMESTAMP_REJECTED', {
      status: PKIStatus[status] ?? String(status),
      failInfo: failures.length ? `, ${failures.join(', ')}` : '',
    });
  }
  return Buffer.from(AsnConvert.serialize(response.timeStampToken));
}

/** PKIFailureInfo bit names (RFC 3161 §2.4.2) by bit number. */
const failureBits: Record<number, string> = {
  0: 'badAlg',
  2: 'badRequest',
  5: 'badDataFormat',
  14: 'timeNotAvailable',
  15: 'unacceptedPolicy',
  16: 'unacceptedExtension',
  17: 'addInfoNotAvailable',
  25: 'systemFailure',
};

/** The names of the bits set in a PKIFailureInfo BIT STRING (bit 0 is the first octet's high bit). */
export function failInfoNames(bits: Buffer, unusedBits = 0): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < bits.length * 8 - unusedBits; bit++) {
    if ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) names.push(failureBits[bit] ?? `bit${bit}`);
  }
  return names;
}

/**
 * Verifies an RFC 3161 time-stamp token (a CMS SignedData over a TSTInfo) for `check.data` (or its digest): the
 * imprint (TIMESTAMP_IMPRINT_MISMATCH), the CMS signature over the signed attributes with the content type and
 * message digest, the ESS signing-certificate(-v2) binding of the TSA certificate (RFC 5816), that certificate's
 * critical extended key usage id-kp-timeStamping alone and digitalSignature key usage, its validity at genTime
 * (TIMESTAMP_INVALID), and its issuance by one of `check.trustAnchors` (TIMESTAMP_UNTRUSTED). RSA PKCS#1 v1.5
 * and ECDSA signatures, through node:crypto.
 */
export function verifyTimeStampToken(token: Buffer, check: TimeStampCheck): VerifiedTimeStamp {
  const { signer, content, certificates, signedAttributesDer } = readToken(token);
  let info: TSTInfo;
  try {
    info = AsnConvert.parse(content, TSTInfo);
  } catch {
    throw invalid('the TSTInfo cannot be read');
  }
  const imprint = checkImprint(info, check);
  const signedAttributes = readSignedAttributes(signer);
  checkContentAttributes(signedAttributes, signer, content);
  const tsaCertificate = signerCertificate(certificates, signer, check.tsaCertificates ?? []);
  checkSigningCertificate(signedAttributes, tsaCertificate.der);
  checkSignature(signedAttributesDer, signer, tsaCertificate.publicKey);
  checkTsaCertificate(tsaCertificate, info.genTime);
  checkIssuance(tsaCertificate, check.trustAnchors, info.genTime);
  const accuracy = info.accuracy;
  return {
    genTime: info.genTime,
    serialNumber: integerHex(info.serialNumber),
    // TSTInfo ::= SEQUENCE { version, policy, ... }: read from the bytes, whatever the size of its arcs.
    policy: objectIdentifierAt(content, 1) ?? info.policy,
    tsaCertificate: tsaCertificate.der,
    imprint,
    accuracyMs: accuracy
      ? (accuracy.seconds ?? 0) * 1000 + (accuracy.millis ?? 0) + (accuracy.micros ?? 0) / 1000
      : undefined,
    nonce: info.nonce ? integerHex(info.nonce) : undefined,
  };
}

/** What a token holds, read once: its one signer, the TSTInfo, the certificates carried, the signed attributes' DER. */
interface TokenParts {
  signer: SignerInfo;
  content: Buffer;
  certificates: Buffer[];
  /** The signed attributes as the DER SET OF the signature covers (RFC 5652 §5.4: [0] IMPLICIT read as SET). */
  signedAttributesDer: Buffer;
}

/**
 * ContentInfo { id-signedData, [0] SignedData { version, digestAlgorithms, encapContentInfo, [0] certificates
 * OPTIONAL, [1] crls OPTIONAL, signerInfos } }, walked once with asn1js: the parts are read with the asn1-cms and
 * asn1-tsp schemas from their own bytes, and the certificates and signed attributes kept exactly as they came.
 */
function readToken(token: Buffer): TokenParts {
  const parsed = asn1js.fromBER(new Uint8Array(token));
  if (parsed.offset !== token.length) throw invalid('the token is not DER of a CMS ContentInfo');
  const [contentType, explicit] = children(parsed.result);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== id_signedData) {
    throw invalid('the token is not a CMS SignedData');
  }
  const signedData = children(children(explicit)[0]);
  const encapsulated = signedData.find((element, index) => index > 1 && element instanceof asn1js.Sequence);
  const tagged = (tag: number) => signedData.find((e) => e.idBlock.tagClass === 3 && e.idBlock.tagNumber === tag);
  const signerInfos = children(signedData.at(-1));
  if (!encapsulated || !(signedData.at(-1) instanceof asn1js.Set)) throw invalid('the SignedData cannot be read');
  if (signerInfos.length !== 1) throw invalid('a token has exactly one signer');
  let encapContentInfo: EncapsulatedContentInfo;
  let signer: SignerInfo;
  try {
    encapContentInfo = AsnConvert.parse(raw(encapsulated), EncapsulatedContentInfo);
    signer = AsnConvert.parse(raw(signerInfos[0]), SignerInfo);
  } catch {
    throw invalid('the SignedData cannot be read');
  }
  if (encapContentInfo.eContentType !== id_ct_tstInfo) throw invalid('the signed content is no TSTInfo');
  const eContent = encapContentInfo.eContent;
  const content = eContent?.single
    ? Buffer.from(eContent.single.buffer)
    : eContent?.any
      ? Buffer.from(AsnConvert.parse(eContent.any, OctetString).buffer)
      : undefined;
  if (!content) throw invalid('the TSTInfo is missing');
  const attributes = children(signerInfos[0]).find((e) => e.idBlock.tagClass === 3 && e.idBlock.tagNumber === 0);
  if (!attributes) throw invalid('the signer info has no signed attributes');
  const implicit = raw(attributes);
  return {
    signer,
    content,
    certificates: children(tagged(0)).map(raw),
    signedAttributesDer: Buffer.concat([Buffer.from([0x31]), implicit.subarray(1)]),
  };
}

/** The elements of a constructed value; none for anything else. */
function children(element: asn1js.AsnType | undefined): asn1js.AsnType[] {
  const value = (element as asn1js.Constructed | undefined)?.valueBlock?.value;
  return Array.isArray(value) ? (value as asn1js.AsnType[]) : [];
}

function raw(element: asn1js.AsnType | undefined): Buffer {
  return Buffer.from((element as asn1js.BaseBlock | undefined)?.valueBeforeDecodeView ?? new Uint8Array());
}

function checkImprint(info: TSTInfo, check: TimeStampCheck): VerifiedTimeStamp['imprint'] {
  const { hashAlgorithm, hashedMessage } = info.messageImprint;
  const algorithm = imprintAlgorithms[hashAlgorithm.algorithm];
  if (!algorithm) throw invalid(`the imprint hash ${hashAlgorithm.algorithm} is not supported`);
  const stamped = Buffer.from(hashedMessage.buffer);
  const expected = check.digest ?? (check.data ? createHash(algorithm.name).update(check.data).digest() : undefined);
  if (!expected) throw new Error('verifyTimeStampToken needs the data or its digest');
  if (!expected.equals(stamped)) throw new DomainError('TIMESTAMP_IMPRINT_MISMATCH');
  return { algorithm: algorithm.name, digest: stamped };
}

function readSignedAttributes(signer: SignerInfo): Attribute[] {
  if (!signer.signedAttrs?.length) throw invalid('the signer info has no signed attributes');
  return signer.signedAttrs;
}

function attribute(attributes: Attribute[], type: string): ArrayBuffer | undefined {
  const found = attributes.filter((candidate) => candidate.attrType === type);
  if (found.length > 1 || (found[0] && found[0].attrValues.length !== 1)) {
    throw invalid(`the signed attribute ${type} is not single-valued`);
  }
  return found[0]?.attrValues[0];
}

/** The content-type and message-digest attributes name the TSTInfo signed (RFC 5652 §5.3). */
function checkContentAttributes(attributes: Attribute[], signer: SignerInfo, content: Buffer): void {
  const contentType = attribute(attributes, id_contentType);
  if (!contentType || AsnConvert.parse(contentType, ObjectIdentifierValue).value !== id_ct_tstInfo) {
    throw invalid('the content-type attribute does not name a TSTInfo');
  }
  const digest = attribute(attributes, id_messageDigest);
  const hash = imprintAlgorithms[signer.digestAlgorithm.algorithm];
  if (!hash) throw invalid(`the digest algorithm ${signer.digestAlgorithm.algorithm} is not supported`);
  if (!digest || !Buffer.from(AsnConvert.parse(digest, OctetString).buffer).equals(hashOf(hash.name, content))) {
    throw invalid('the message-digest attribute does not match the TSTInfo');
  }
}

/** A certificate read once, with what the checks need of it; kept for the next token of the same TSA. */
interface CertificateFacts {
  der: Buffer;
  parsed: Certificate;
  node: NodeCertificate;
  /** Its key, made once (the certificate's getter makes a new key object each time). */
  publicKey: KeyObject;
  validFrom: Date;
  validTo: Date;
  /** Why it may not sign time-stamp tokens (RFC 3161 §2.3), or undefined when it may. */
  tsaProblem?: string;
  /** Whether the anchor (by its DER, base64) issued it, once worked out. */
  issuedBy: Map<string, boolean>;
}

/** Certificates met, by their DER (base64): a TSA signs with one certificate for months. */
const knownCertificates = new Map<string, CertificateFacts | null>();
const knownLimit = 256;

function certificateFacts(der: Buffer): CertificateFacts | null {
  const key = der.toString('base64');
  const known = knownCertificates.get(key);
  if (known !== undefined) return known;
  let facts: CertificateFacts | null = null;
  try {
    const node = new NodeCertificate(der);
    const parsed = AsnConvert.parse(der, Certificate);
    facts = {
      der,
      parsed,
      node,
      publicKey: node.publicKey,
      validFrom: new Date(node.validFrom),
      validTo: new Date(node.validTo),
      tsaProblem: timeStampingProblem(parsed),
      issuedBy: new Map(),
    };
  } catch {
    facts = null;
  }
  if (knownCertificates.size >= knownLimit) knownCertificates.clear();
  knownCertificates.set(key, facts);
  return facts;
}

/** The TSA certificate: the one the signer identifier names, from the token or the caller's. */
function signerCertificate(carried: Buffer[], signer: SignerInfo, offered: Buffer[]): CertificateFacts {
  for (const der of [...carried, ...offered]) {
    const facts = certificateFacts(der);
    if (facts && namesCertificate(signer, facts.parsed)) return facts;
  }
  throw untrusted('the TSA certificate is neither in the token nor given');
}

function namesCertificate(signer: SignerInfo, certificate: Certificate): boolean {
  const { issuerAndSerialNumber, subjectKeyIdentifier } = signer.sid;
  const tbs = certificate.tbsCertificate;
  if (issuerAndSerialNumber) {
    return (
      Buffer.from(AsnConvert.serialize(issuerAndSerialNumber.issuer)).equals(
        Buffer.from(AsnConvert.serialize(tbs.issuer)),
      ) && integerHex(issuerAndSerialNumber.serialNumber) === integerHex(tbs.serialNumber)
    );
  }
  if (!subjectKeyIdentifier) return false;
  const keyId = tbs.extensions?.find((extension) => extension.extnID === '2.5.29.14');
  return Boolean(
    keyId &&
      Buffer.from(AsnConvert.parse(keyId.extnValue, OctetString).buffer).equals(
        Buffer.from(subjectKeyIdentifier.buffer),
      ),
  );
}

/** RFC 5816: the signing-certificate(-v2) attribute's first ESSCertID is the hash of the TSA certificate. */
function checkSigningCertificate(attributes: Attribute[], certificate: Buffer): void {
  const v2 = attribute(attributes, id_aa_signingCertificateV2);
  const v1 = attribute(attributes, id_aa_signingCertificate);
  let first: { hash: string; certHash: Buffer } | undefined;
  try {
    if (v2) {
      const [id] = AsnConvert.parse(v2, SigningCertificateV2).certs;
      const algorithm = id ? imprintAlgorithms[id.hashAlgorithm?.algorithm ?? id_sha256] : undefined;
      if (id && !algorithm) throw invalid('the ESSCertIDv2 hash is not supported');
      if (id && algorithm) first = { hash: algorithm.name, certHash: Buffer.from(id.certHash.buffer) };
    } else if (v1) {
      const [id] = AsnConvert.parse(v1, SigningCertificate).certs;
      if (id) first = { hash: 'sha1', certHash: Buffer.from(id.certHash.buffer) };
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw invalid('the signing-certificate attribute cannot be read');
  }
  if (!first) throw invalid('the token has no signing-certificate attribute (ESSCertIDv2)');
  if (!hashOf(first.hash, certificate).equals(first.certHash)) {
    throw invalid('the signing-certificate attribute does not name the TSA certificate');
  }
}

/** The signature over the DER SET OF the signed attributes (RFC 5652 §5.4), by the TSA certificate's key. */
function checkSignature(signed: Buffer, signer: SignerInfo, publicKey: KeyObject): void {
  const algorithm = signer.signatureAlgorithm.algorithm;
  if (!(algorithm in signatureHashes)) throw invalid(`the signature algorithm ${algorithm} is not supported`);
  const hash = signatureHashes[algorithm] ?? imprintAlgorithms[signer.digestAlgorithm.algorithm]?.name;
  if (!hash || hash === 'sm3') throw invalid(`the signature algorithm ${algorithm} is not supported`);
  let valid = false;
  try {
    valid = verify(hash, signed, publicKey, Buffer.from(signer.signature.buffer));
  } catch {
    valid = false;
  }
  if (!valid) throw invalid('the signature does not verify with the TSA certificate');
}

/** RFC 3161 §2.3: the TSA certificate's only extended key usage is id-kp-timeStamping, critical; it signs. */
function timeStampingProblem(certificate: Certificate): string | undefined {
  const extensions = certificate.tbsCertificate.extensions ?? [];
  const eku = extensions.find((extension) => extension.extnID === id_ce_extKeyUsage);
  if (!eku) return 'the TSA certificate has no extended key usage id-kp-timeStamping';
  const usages = AsnConvert.parse(eku.extnValue, ExtendedKeyUsage);
  if (!eku.critical || usages.length !== 1 || usages[0] !== id_kp_timeStamping) {
    return 'the TSA certificate’s extended key usage is not id-kp-timeStamping alone and critical';
  }
  const keyUsage = extensions.find((extension) => extension.extnID === id_ce_keyUsage);
  if (keyUsage && !(AsnConvert.parse(keyUsage.extnValue, KeyUsage).toNumber() & KeyUsageFlags.digitalSignature)) {
    return 'the TSA certificate’s key usage lacks digitalSignature';
  }
  return undefined;
}

function checkTsaCertificate(certificate: CertificateFacts, genTime: Date): void {
  if (certificate.tsaProblem) throw untrusted(certificate.tsaProblem);
  if (!within(certificate, genTime)) throw invalid('the TSA certificate was not valid at the time of the stamp');
}

function checkIssuance(certificate: CertificateFacts, anchors: Buffer[], genTime: Date): void {
  for (const der of anchors) {
    const anchor = certificateFacts(der);
    if (!anchor) continue;
    const key = der.toString('base64');
    let issued = certificate.issuedBy.get(key);
    if (issued === undefined) {
      issued = certificate.node.checkIssued(anchor.node) && certificate.node.verify(anchor.publicKey);
      certificate.issuedBy.set(key, issued);
    }
    if (!issued) continue;
    if (!within(anchor, genTime)) throw untrusted('the issuing CA was not valid at the time of the stamp');
    return;
  }
  throw untrusted('the TSA certificate is not issued by a trusted CA');
}

function within(certificate: CertificateFacts, at: Date): boolean {
  return certificate.validFrom <= at && at <= certificate.validTo;
}

function hashOf(name: string, data: Buffer): Buffer {
  return createHash(name).update(data).digest();
}

/** An INTEGER's magnitude as lowercase hex without leading zero octets ("00" for zero). */
function integerHex(value: ArrayBuffer): string {
  const bytes = Buffer.from(value);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start).toString('hex');
}

/** The value of a content-type attribute: one OBJECT IDENTIFIER. */
@AsnType({ type: AsnTypeTypes.Choice })
class ObjectIdentifierValue {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  value = '';
}
