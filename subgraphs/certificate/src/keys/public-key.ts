import { createPublicKey, type KeyObject } from 'node:crypto';
import { childrenOf, DerSyntaxError, readElement, readWhole } from '../authority/der-reader';
import { algorithmOfKey, type KeyAlgorithm, type KeyFamily } from './key-algorithm';
import { sm2PublicKeyOfSpki } from './sm2/sm2-key';

/** The OID id-ecPublicKey (RFC 5480) as DER. */
const ecPublicKeyOid = Buffer.from('06072a8648ce3d0201', 'hex');
/** The SM2 curve's OID (1.2.156.10197.1.301) as DER, the parameters of an SM2 key's id-ecPublicKey. */
const sm2CurveOidDer = Buffer.from('06082a811ccf5501822d', 'hex');

/**
 * A KeyObject for SubjectPublicKeyInfo DER (an EC point is checked to be on its curve); throws on a key it cannot
 * read. Handed to Node as PEM text: any other form goes in an options object (`{ key, format }`), which Node tells
 * from a KeyObject by catching an exception, and that exception cost more than the decoding itself (PEM took
 * 15 µs where DER or JWK options took 35 to 40).
 */
export function publicKeyObject(spki: Buffer): KeyObject {
  return createPublicKey(`-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`);
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
