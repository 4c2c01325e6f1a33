import { ContentInfo, EncapsulatedContent, id_signedData, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Time, Certificate as X509Asn } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { childrenOf, contents, type DerElement, DerSyntaxError, encoding, readWhole } from '../authority/der-reader';
import type { SignatureHash } from '../keys/signature-verification';
import { digestOf } from './signature-algorithms';
import { SignatureRefusal } from './signature-refusal';

/**
 * Characters of `VerifySignatureInput`'s `signedData` and `content` at most (declared to the input guard, whose
 * default is 10,000): a 5 MiB document in base64 with its SignedData around it, within the graph's 7 MiB body
 * limit (GRAPHQL_MAX_BODY_BYTES).
 */
export const maxSignedInputLength = Math.ceil(((5 * 1024 * 1024 + 64 * 1024) * 4) / 3);

/** What a caller hands in (issue 15 item 3): texts as the graph receives them. */
export interface SignatureInput {
  /** CMS/PKCS#7 SignedData, base64 of the DER or PEM. */
  signedData?: string | null;
  /** A raw signature, base64 (RSA PKCS#1 v1.5, ECDSA DER or r‖s, SM2 DER). */
  signature?: string | null;
  /** The signer's certificate for a raw signature, PEM or base64 of the DER. */
  certificate?: string | null;
  /** The signed content, base64: of a detached SignedData, or what a raw signature was made over. */
  content?: string | null;
  /** The digest of a raw signature; SM3 for an SM2 key and SHA-256 otherwise when absent. */
  digestAlgorithm?: SignatureHash | null;
}

/** Signed attributes the checks read (RFC 5652 §11). */
export interface SignedAttributes {
  /** The DER `SET OF Attribute` the signature is over. */
  der: Buffer;
  contentType?: string;
  messageDigest?: Buffer;
  signingTime?: Date;
}

/** A signature taken apart: what the service checks, whichever form it came in. */
export interface SignatureEvidence {
  form: 'cms' | 'raw';
  /** The digest; for a raw signature without one, decided when the signer's key is known. */
  hash?: SignatureHash;
  /** The SignerInfo's signatureAlgorithm OID; absent for a raw signature (the key decides). */
  signatureAlgorithm?: string;
  signature: Buffer;
  content: Buffer;
  /** The CMS eContentType. */
  contentType?: string;
  signedAttributes?: SignedAttributes;
  /** The value of the unsigned attribute id-aa-signatureTimeStampToken (an RFC 3161 TimeStampToken). */
  timestampToken?: Buffer;
  /** The signer's certificate (DER) when the input carries it. */
  certificate?: Buffer;
  /** The signer's serial (hex, no leading zeros), when the SignerInfo names it by issuer and serial. */
  signerSerial?: string;
}

const oids = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

const malformed = (part: string) => new SignatureRefusal('SIGNATURE_INPUT_MALFORMED', { part });

/** Strict base64 (whitespace allowed), or PEM with any label: the DER inside; refuses anything else. */
export function binaryOf(text: string, part: string): Buffer {
  const pem = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----\s*$/.exec(text.trim());
  const body = (pem ? (pem[2] as string) : text).replace(/\s+/g, '');
  if (body.length === 0 || body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw malformed(part);
  return Buffer.from(body, 'base64');
}

/** Takes the input apart, refusing with a code what cannot be verified at all (issue 15, "Bad input"). */
export function readSignatureInput(input: SignatureInput): SignatureEvidence {
  const content = input.content == null ? undefined : binaryOf(input.content, 'content');
  if ((input.signedData == null) === (input.signature == null)) throw new SignatureRefusal('SIGNATURE_INPUT_AMBIGUOUS');
  if (input.signedData != null) return readSignedData(binaryOf(input.signedData, 'signedData'), content);
  if (input.certificate == null) throw new SignatureRefusal('SIGNATURE_SIGNER_CERTIFICATE_MISSING');
  if (!content) throw new SignatureRefusal('SIGNATURE_CONTENT_MISSING');
  const certificate = binaryOf(input.certificate, 'certificate');
  parseOr(() => AsnConvert.parse(certificate, X509Asn), 'certificate');
  return {
    form: 'raw',
    hash: input.digestAlgorithm ?? undefined,
    signature: binaryOf(input.signature as string, 'signature'),
    content,
    certificate,
  };
}

function parseOr<T>(parse: () => T, part: string): T {
  try {
    return parse();
  } catch {
    throw malformed(part);
  }
}

/**
 * SignedData (RFC 5652 §5), read with the strict DER reader: verification is on the hot path of business systems,
 * and the schema parser costs milliseconds per message. BER (indefinite lengths, constructed strings: what a
 * streaming signer writes) is first made DER by the @peculiar/asn1-cms schemas.
 */
function readSignedData(der: Buffer, detachedContent: Buffer | undefined): SignatureEvidence {
  let parts: SignedDataParts;
  try {
    parts = signedDataParts(der);
  } catch (error) {
    if (!(error instanceof DerSyntaxError)) throw error;
    const normalised = parseOr(() => asDer(der), 'signedData');
    parts = parseOr(() => signedDataParts(normalised), 'signedData');
  }
  const { der: bytes, signerInfos } = parts;
  if (signerInfos.length === 0) throw new SignatureRefusal('SIGNATURE_NO_SIGNER');
  if (signerInfos.length > 1) throw new SignatureRefusal('SIGNATURE_SEVERAL_SIGNERS', { count: signerInfos.length });
  const signer = parseOr(() => signerInfoParts(bytes, signerInfos[0] as DerElement), 'signedData');
  const hash = digestOf(signer.digestAlgorithm);

  let content = detachedContent;
  if (parts.eContent) {
    // Content handed in beside attached content must be that content, or the caller verifies something else.
    if (detachedContent && !detachedContent.equals(parts.eContent)) {
      throw new SignatureRefusal('SIGNATURE_DIGEST_MISMATCH');
    }
    content = parts.eContent;
  }
  if (!content) throw new SignatureRefusal('SIGNATURE_CONTENT_MISSING');

  return {
    form: 'cms',
    hash,
    signatureAlgorithm: signer.signatureAlgorithm,
    signature: signer.signature,
    content,
    contentType: parts.eContentType,
    signedAttributes: signer.signedAttributes && readSignedAttributes(bytes, signer.signedAttributes),
    timestampToken:
      signer.unsignedAttributes &&
      parseOr(
        () => singleValue(bytes, signer.unsignedAttributes as DerElement, oids.signatureTimeStampToken),
        'unsignedAttributes',
      ),
    certificate: parseOr(() => signerCertificate(bytes, parts.certificates, signer), 'certificates'),
    signerSerial: signer.serial && serialHex(signer.serial),
  };
}

interface SignedDataParts {
  der: Buffer;
  eContentType: string;
  eContent?: Buffer;
  certificates: DerElement[];
  signerInfos: DerElement[];
}

/** ContentInfo { id-signedData, [0] SignedData { version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos } }. */
function signedDataParts(der: Buffer): SignedDataParts {
  const [contentType, explicit, ...rest] = childrenOf(der, readWhole(der));
  if (contentType?.tag !== 0x06 || oidOf(encoding(der, contentType)) !== id_signedData) {
    throw new DerSyntaxError('not SignedData');
  }
  if (explicit?.tag !== 0xa0 || rest.length > 0) throw new DerSyntaxError('ContentInfo');
  const [signedData, ...after] = childrenOf(der, explicit);
  if (signedData?.tag !== 0x30 || after.length > 0) throw new DerSyntaxError('SignedData');
  const fields = childrenOf(der, signedData);
  const [version, digestAlgorithms, encapsulated] = fields;
  if (version?.tag !== 0x02 || digestAlgorithms?.tag !== 0x31 || encapsulated?.tag !== 0x30) {
    throw new DerSyntaxError('SignedData');
  }
  let at = 3;
  const certificateSet = fields[at]?.tag === 0xa0 ? fields[at++] : undefined;
  if (fields[at]?.tag === 0xa1) at++;
  const signerInfos = fields[at];
  if (signerInfos?.tag !== 0x31 || at + 1 !== fields.length) throw new DerSyntaxError('SignedData');

  const [eContentType, eContentExplicit, ...extra] = childrenOf(der, encapsulated);
  if (eContentType?.tag !== 0x06 || extra.length > 0) throw new DerSyntaxError('EncapsulatedContentInfo');
  let eContent: Buffer | undefined;
  if (eContentExplicit) {
    const [octets, ...more] = childrenOf(der, eContentExplicit);
    if (eContentExplicit.tag !== 0xa0 || octets?.tag !== 0x04 || more.length > 0) throw new DerSyntaxError('eContent');
    eContent = contents(der, octets);
  }
  return {
    der,
    eContentType: oidOf(encoding(der, eContentType)),
    eContent,
    certificates: certificateSet ? childrenOf(der, certificateSet).filter((choice) => choice.tag === 0x30) : [],
    signerInfos: childrenOf(der, signerInfos),
  };
}

interface SignerInfoParts {
  issuer?: Buffer;
  serial?: Buffer;
  subjectKeyIdentifier?: Buffer;
  digestAlgorithm: string;
  signedAttributes?: DerElement;
  signatureAlgorithm: string;
  signature: Buffer;
  unsignedAttributes?: DerElement;
}

/** SignerInfo { version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, [1] unsignedAttrs }. */
function signerInfoParts(der: Buffer, signerInfo: DerElement): SignerInfoParts {
  const fields = childrenOf(der, signerInfo);
  const [version, sid, digestAlgorithm] = fields;
  if (version?.tag !== 0x02 || !sid || digestAlgorithm?.tag !== 0x30) throw new DerSyntaxError('SignerInfo');
  let at = 3;
  const signedAttributes = fields[at]?.tag === 0xa0 ? fields[at++] : undefined;
  const signatureAlgorithm = fields[at++];
  const signature = fields[at++];
  const unsignedAttributes = fields[at]?.tag === 0xa1 ? fields[at++] : undefined;
  if (signatureAlgorithm?.tag !== 0x30 || signature?.tag !== 0x04 || at !== fields.length) {
    throw new DerSyntaxError('SignerInfo');
  }
  const parts: SignerInfoParts = {
    digestAlgorithm: algorithmOf(der, digestAlgorithm),
    signedAttributes,
    signatureAlgorithm: algorithmOf(der, signatureAlgorithm),
    signature: contents(der, signature),
    unsignedAttributes,
  };
  if (sid.tag === 0x80) return { ...parts, subjectKeyIdentifier: contents(der, sid) };
  const [issuer, serial, ...rest] = sid.tag === 0x30 ? childrenOf(der, sid) : [];
  if (issuer?.tag !== 0x30 || serial?.tag !== 0x02 || rest.length > 0) throw new DerSyntaxError('SignerIdentifier');
  return { ...parts, issuer: encoding(der, issuer), serial: contents(der, serial) };
}

/** The certificate of the set that the SignerInfo names, by issuer and serial or by subject key identifier. */
function signerCertificate(der: Buffer, certificates: DerElement[], signer: SignerInfoParts): Buffer | undefined {
  for (const element of certificates) {
    const certificate = encoding(der, element);
    const [tbs] = childrenOf(der, element);
    if (!tbs) continue;
    const tbsFields = childrenOf(der, tbs);
    // TBSCertificate { [0] version, serialNumber, signature, issuer, ... }
    const offset = tbsFields[0]?.tag === 0xa0 ? 1 : 0;
    const serial = tbsFields[offset];
    const issuer = tbsFields[offset + 2];
    if (signer.serial && signer.issuer) {
      if (
        serial &&
        issuer &&
        contents(der, serial).equals(signer.serial) &&
        encoding(der, issuer).equals(signer.issuer)
      ) {
        return certificate;
      }
    } else if (signer.subjectKeyIdentifier) {
      const keyId = new X509Certificate(certificate).getExtension('2.5.29.14');
      if (keyId && Buffer.from(AsnConvert.parse(keyId.value, OctetString).buffer).equals(signer.subjectKeyIdentifier)) {
        return certificate;
      }
    }
  }
  return undefined;
}

/** BER SignedData made DER, by the schemas: definite lengths, eContent as one OCTET STRING. */
function asDer(ber: Buffer): Buffer {
  const info = AsnConvert.parse(ber, ContentInfo);
  if (info.contentType !== id_signedData) throw new Error('not SignedData');
  const signedData = AsnConvert.parse(info.content, SignedData);
  const { eContent } = signedData.encapContentInfo;
  if (eContent?.any) {
    const parsed = asn1js.fromBER(eContent.any);
    if (parsed.offset === -1 || !(parsed.result instanceof asn1js.OctetString)) throw new Error('eContent');
    signedData.encapContentInfo.eContent = new EncapsulatedContent({
      single: new OctetString(parsed.result.getValue()),
    });
  }
  info.content = AsnConvert.serialize(signedData);
  return Buffer.from(AsnConvert.serialize(info));
}

function serialHex(serial: Buffer): string {
  return serial.toString('hex').replace(/^(00)+/, '') || '00';
}

function algorithmOf(der: Buffer, element: DerElement): string {
  const [oid] = childrenOf(der, element);
  if (oid?.tag !== 0x06) throw new DerSyntaxError('AlgorithmIdentifier');
  return oidOf(encoding(der, oid));
}

/** The single value (DER) of the attribute `oid` among `attributes`; malformed when it occurs twice or has no single value. */
function singleValue(der: Buffer, attributes: DerElement, oid: string): Buffer | undefined {
  let found: Buffer | undefined;
  for (const attribute of childrenOf(der, attributes)) {
    const [type, values, ...rest] = childrenOf(der, attribute);
    if (type?.tag !== 0x06 || values?.tag !== 0x31 || rest.length > 0) throw new DerSyntaxError('Attribute');
    if (oidOf(encoding(der, type)) !== oid) continue;
    const [value, ...more] = childrenOf(der, values);
    if (found || !value || more.length > 0) throw new DerSyntaxError('Attribute');
    found = encoding(der, value);
  }
  return found;
}

/** The attributes the checks read, and the DER SET they are signed as: the [0] IMPLICIT tag made a SET again. */
function readSignedAttributes(der: Buffer, attributes: DerElement): SignedAttributes {
  return parseOr(() => {
    const set = Buffer.from(encoding(der, attributes));
    set[0] = 0x31;
    const contentType = singleValue(der, attributes, oids.contentType);
    const messageDigest = singleValue(der, attributes, oids.messageDigest);
    const signingTime = singleValue(der, attributes, oids.signingTime);
    return {
      der: set,
      contentType: contentType && oidOf(contentType),
      messageDigest: messageDigest && octetsOf(messageDigest),
      signingTime: signingTime && timeOf(signingTime),
    };
  }, 'signedAttributes');
}

/** An OCTET STRING's bytes (DER). */
function octetsOf(der: Buffer): Buffer {
  const element = readWhole(der);
  if (element.tag !== 0x04) throw new DerSyntaxError('not an OCTET STRING');
  return contents(der, element);
}

const utcTime = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const generalizedTime = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d*[1-9])?Z$/;

/**
 * A Time (RFC 5652 §11.3: UTCTime for 1950 to 2049, else GeneralizedTime) in its DER form, read directly; other
 * spellings (no seconds, a time-zone offset) through the schema parser.
 */
export function timeOf(der: Buffer): Date {
  const element = readWhole(der);
  const text = contents(der, element).toString('latin1');
  const match = element.tag === 0x17 ? utcTime.exec(text) : element.tag === 0x18 ? generalizedTime.exec(text) : null;
  if (!match) return AsnConvert.parse(der, Time).getTime();
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const fullYear = element.tag === 0x17 ? (year as number) + ((year as number) < 50 ? 2000 : 1900) : (year as number);
  const time = new Date(0);
  time.setUTCFullYear(fullYear, (month as number) - 1, day);
  time.setUTCHours(hour as number, minute, second, Math.floor(Number(match[7] ?? 0) * 1000));
  const exact =
    time.getUTCFullYear() === fullYear &&
    time.getUTCMonth() === (month as number) - 1 &&
    time.getUTCDate() === day &&
    time.getUTCHours() === hour &&
    time.getUTCMinutes() === minute &&
    time.getUTCSeconds() === second;
  if (!exact) throw new DerSyntaxError('not a time');
  return time;
}

/** OIDs read, by their DER (hex): a SignedData names a handful of them, the same in every message. */
const oidNames = new Map<string, string>();

function oidOf(der: Buffer): string {
  const key = der.toString('hex');
  let oid = oidNames.get(key);
  if (oid === undefined) {
    const parsed = asn1js.fromBER(new Uint8Array(der));
    if (parsed.offset !== der.length || !(parsed.result instanceof asn1js.ObjectIdentifier)) {
      throw new DerSyntaxError('not an OID');
    }
    oid = parsed.result.valueBlock.toString();
    if (oidNames.size < 256) oidNames.set(key, oid);
  }
  return oid;
}
