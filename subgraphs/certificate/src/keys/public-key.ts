import { createPublicKey, type KeyObject } from 'node:crypto';
import { childrenOf, contents, DerSyntaxError, positiveInteger, readElement, readWhole } from '../authority/der-reader';
import { algorithmOfKey, type KeyAlgorithm, type KeyFamily } from './key-algorithm';
import { sm2PublicKeyOfSpki } from './sm2/sm2-key';

/** The fixed SubjectPublicKeyInfo DER before an uncompressed EC point (RFC 5480), by curve. */
const ecPrefixes = [
  { crv: 'P-256', prefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), size: 32 },
  { crv: 'P-384', prefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'), size: 48 },
] as const;
/** AlgorithmIdentifier { rsaEncryption, NULL } (RFC 3279 §2.3.1). */
const rsaAlgorithm = Buffer.from('300d06092a864886f70d0101010500', 'hex');
/** The OID id-ecPublicKey (RFC 5480) as DER. */
const ecPublicKeyOid = Buffer.from('06072a8648ce3d0201', 'hex');
/** The SM2 curve's OID (1.2.156.10197.1.301) as DER, the parameters of an SM2 key's id-ecPublicKey. */
const sm2CurveOidDer = Buffer.from('06082a811ccf5501822d', 'hex');

/**
 * A KeyObject for SubjectPublicKeyInfo DER. OpenSSL 3 decodes DER keys slowly (~150 µs), so the
 * common shapes (P-256/P-384 uncompressed points, rsaEncryption) go in as JWK (the point is still
 * checked to be on the curve); anything else through the DER decoder. Throws on a key it cannot read.
 */
export function publicKeyObject(spki: Buffer): KeyObject {
  for (const { crv, prefix, size } of ecPrefixes) {
    if (spki.length === prefix.length + 1 + 2 * size && spki.subarray(0, prefix.length).equals(prefix)) {
      if (spki[prefix.length] !== 0x04) break;
      const x = spki.subarray(prefix.length + 1, prefix.length + 1 + size);
      const y = spki.subarray(prefix.length + 1 + size);
      return createPublicKey({
        key: { kty: 'EC', crv, x: x.toString('base64url'), y: y.toString('base64url') },
        format: 'jwk',
      });
    }
  }
  const rsa = rsaComponents(spki);
  if (rsa) {
    return createPublicKey({
      key: { kty: 'RSA', n: rsa.n.toString('base64url'), e: rsa.e.toString('base64url') },
      format: 'jwk',
    });
  }
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

/**
 * A public key read from SubjectPublicKeyInfo DER, once, for the signature checks and the lints: Node's key
 * object, or for an SM2 key its point (Node reads SM2 keys but cannot verify their signatures interoperably, so
 * no key object is made for one: OpenSSL's DER decoder takes most of a millisecond).
 */
export type ParsedPublicKey =
  | { spki: Buffer; keyObject: KeyObject; sm2Point?: undefined }
  | {
      spki: Buffer;
      keyObject?: undefined;
      /** The uncompressed point (hex) of an SM2 key. */
      sm2Point: string;
    };

/** Reads `spki` (with its Node key object when the caller already has it); throws on a key it cannot read. */
export function readPublicKey(spki: Buffer, keyObject?: KeyObject): ParsedPublicKey {
  const sm2Point = sm2PublicKeyOfSpki(spki);
  if (sm2Point !== undefined) return { spki, sm2Point };
  return { spki, keyObject: keyObject ?? publicKeyObject(spki) };
}

/** Which of our algorithms a SubjectPublicKeyInfo is; undefined for any other key, or none. */
export function algorithmOfSpki(spki: Buffer): KeyAlgorithm | undefined {
  try {
    const key = readPublicKey(spki);
    return key.keyObject ? algorithmOfKey(key.keyObject) : 'SM2';
  } catch {
    return undefined;
  }
}

/** How a key signs, for the keys Tessera certifies; undefined for any other key (Ed25519, RSA-PSS...). */
export function familyOf(key: ParsedPublicKey): KeyFamily | undefined {
  if (!key.keyObject) return 'sm2';
  const details = key.keyObject.asymmetricKeyDetails;
  if (key.keyObject.asymmetricKeyType === 'ec') {
    return ['prime256v1', 'secp384r1'].includes(details?.namedCurve ?? '') ? 'ec' : undefined;
  }
  return key.keyObject.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048 ? 'rsa' : undefined;
}

/**
 * Which key family the profile's keyUsage follows: by the SPKI's algorithm OID, and for
 * id-ecPublicKey keys by their curve (SM2 keys follow GM/T 0015's usages, not ECDSA's).
 */
export function keyFamily(spki: Buffer): KeyFamily {
  try {
    const [algorithm] = childrenOf(spki, readWhole(spki));
    if (!algorithm) return 'rsa';
    const oid = readElement(spki, algorithm.contentStart, algorithm.end);
    if (!spki.subarray(oid.start, oid.end).equals(ecPublicKeyOid)) return 'rsa';
    const curve = oid.end < algorithm.end ? readElement(spki, oid.end, algorithm.end) : undefined;
    return curve && spki.subarray(curve.start, curve.end).equals(sm2CurveOidDer) ? 'sm2' : 'ec';
  } catch (error) {
    if (error instanceof DerSyntaxError) return 'rsa';
    throw error;
  }
}

/** The subjectPublicKey BIT STRING contents (without the unused-bits octet) of SPKI DER. */
export function subjectPublicKeyBits(spki: Buffer): Buffer {
  const [, bits] = childrenOf(spki, readWhole(spki));
  if (bits?.tag !== 0x03 || spki[bits.contentStart] !== 0) throw new DerSyntaxError('no subjectPublicKey');
  return spki.subarray(bits.contentStart + 1, bits.end);
}

/** Modulus and exponent (unsigned, minimal) of a strict-DER rsaEncryption key, or undefined. */
function rsaComponents(spki: Buffer): { n: Buffer; e: Buffer } | undefined {
  try {
    const parts = childrenOf(spki, readWhole(spki));
    const [algorithm, bits] = parts;
    if (parts.length !== 2 || !algorithm || !bits || bits.tag !== 0x03) return undefined;
    if (!spki.subarray(algorithm.start, algorithm.end).equals(rsaAlgorithm)) return undefined;
    const key = contents(spki, bits);
    if (key[0] !== 0) return undefined;
    const sequence = key.subarray(1);
    const integers = childrenOf(sequence, readWhole(sequence));
    const [n, e] = integers.map((integer) =>
      integer.tag === 0x02 ? positiveInteger(contents(sequence, integer)) : undefined,
    );
    return integers.length === 2 && n && e ? { n, e } : undefined;
  } catch (error) {
    if (error instanceof DerSyntaxError) return undefined;
    throw error;
  }
}
