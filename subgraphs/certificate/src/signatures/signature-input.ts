import { Attribute, ContentInfo, id_signedData, SignedData } from '@peculiar/asn1-cms';
import { AsnArray, AsnConvert, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { Time, Certificate as X509Asn } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import type { SignatureHash } from '../keys/signature-verification';
import { digestOf } from './signature-algorithms';
import { SignatureRefusal } from './signature-refusal';

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

/** `SET OF Attribute`: the signature with signed attributes is over their DER encoding as a SET (RFC 5652 §5.4). */
@AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })
class AttributeSet extends AsnArray<Attribute> {
  constructor(items?: Attribute[]) {
    super(items);
    Object.setPrototypeOf(this, AttributeSet.prototype);
  }
}

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

function readSignedData(der: Buffer, detachedContent: Buffer | undefined): SignatureEvidence {
  const signedData = parseOr(() => {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== id_signedData) throw new Error('not SignedData');
    return AsnConvert.parse(info.content, SignedData);
  }, 'signedData');
  const count = signedData.signerInfos.length;
  if (count === 0) throw new SignatureRefusal('SIGNATURE_NO_SIGNER');
  if (count > 1) throw new SignatureRefusal('SIGNATURE_SEVERAL_SIGNERS', { count });
  const signer = signedData.signerInfos[0] as (typeof signedData.signerInfos)[number];
  const hash = digestOf(signer.digestAlgorithm.algorithm);

  const { eContent } = signedData.encapContentInfo;
  let content = detachedContent;
  if (eContent) {
    const attached = parseOr(() => encapsulatedContent(eContent), 'signedData');
    // Content handed in beside attached content must be that content, or the caller verifies something else.
    if (detachedContent && !detachedContent.equals(attached)) throw new SignatureRefusal('SIGNATURE_DIGEST_MISMATCH');
    content = attached;
  }
  if (!content) throw new SignatureRefusal('SIGNATURE_CONTENT_MISSING');

  const certificates = (signedData.certificates ?? []).flatMap((choice) =>
    choice.certificate ? [choice.certificate] : [],
  );
  const { issuerAndSerialNumber, subjectKeyIdentifier } = signer.sid;
  const signerSerial = issuerAndSerialNumber && serialHex(Buffer.from(issuerAndSerialNumber.serialNumber));
  const certificate = certificates.find((candidate) => {
    const tbs = candidate.tbsCertificate;
    if (issuerAndSerialNumber) {
      return (
        serialHex(Buffer.from(tbs.serialNumber)) === signerSerial &&
        Buffer.from(AsnConvert.serialize(tbs.issuer)).equals(
          Buffer.from(AsnConvert.serialize(issuerAndSerialNumber.issuer)),
        )
      );
    }
    const keyId = tbs.extensions?.find((extension) => extension.extnID === '2.5.29.14');
    return (
      keyId !== undefined &&
      subjectKeyIdentifier !== undefined &&
      Buffer.from(AsnConvert.parse(keyId.extnValue.buffer, OctetString).buffer).equals(
        Buffer.from(subjectKeyIdentifier.buffer),
      )
    );
  });

  return {
    form: 'cms',
    hash,
    signatureAlgorithm: signer.signatureAlgorithm.algorithm,
    signature: Buffer.from(signer.signature.buffer),
    content,
    contentType: signedData.encapContentInfo.eContentType,
    signedAttributes: signer.signedAttrs && readSignedAttributes(signer.signedAttrs),
    timestampToken: singleValue(signer.unsignedAttrs ?? [], oids.signatureTimeStampToken),
    certificate: certificate && Buffer.from(AsnConvert.serialize(certificate)),
    signerSerial,
  };
}

/** The octets of eContent, primitive or (BER) constructed. */
function encapsulatedContent(eContent: { single?: OctetString; any?: ArrayBuffer }): Buffer {
  if (eContent.single) return Buffer.from(eContent.single.buffer);
  const parsed = asn1js.fromBER(eContent.any as ArrayBuffer);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.OctetString)) throw new Error('eContent');
  return Buffer.from(parsed.result.getValue());
}

function serialHex(serial: Buffer): string {
  return serial.toString('hex').replace(/^(00)+/, '') || '00';
}

/** The single value of the attribute `oid`, when present; malformed when it occurs twice or has no single value. */
function singleValue(attributes: Attribute[], oid: string): Buffer | undefined {
  const found = attributes.filter((attribute) => attribute.attrType === oid);
  if (found.length === 0) return undefined;
  if (found.length > 1 || found[0]?.attrValues.length !== 1) throw malformed('signedAttributes');
  return Buffer.from(found[0].attrValues[0] as ArrayBuffer);
}

/**
 * The attributes the checks read, and the DER SET they are signed as: encoded again in the order received, which
 * gives back the signer's bytes for the DER that RFC 5652 asks of them.
 */
function readSignedAttributes(attributes: Attribute[]): SignedAttributes {
  return parseOr(() => {
    const der = Buffer.from(AsnConvert.serialize(new AttributeSet(attributes)));
    const contentType = singleValue(attributes, oids.contentType);
    const messageDigest = singleValue(attributes, oids.messageDigest);
    const signingTime = singleValue(attributes, oids.signingTime);
    return {
      der,
      contentType: contentType && oidOf(contentType),
      messageDigest: messageDigest && Buffer.from(AsnConvert.parse(messageDigest, OctetString).buffer),
      signingTime: signingTime && AsnConvert.parse(signingTime, Time).getTime(),
    };
  }, 'signedAttributes');
}

function oidOf(der: Buffer): string {
  const parsed = asn1js.fromBER(new Uint8Array(der));
  if (!(parsed.result instanceof asn1js.ObjectIdentifier)) throw new Error('not an OID');
  return parsed.result.valueBlock.toString();
}
