import { verify } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { childrenOf, contents, encoding, readWhole } from '../authority/der-reader';
import { type ParsedPublicKey, readPublicKey } from './public-key';
import { sm2VerifyOffLoop } from './sm2/sm2-verifier-pool';

/** The hash of a signature algorithm we verify; SM3 means SM3withSM2 with the GM/T 0009 distinguishing identifier. */
export type SignatureHash = 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'sm3';

/**
 * Signature algorithms `verifySignature` checks, by OID: ECDSA, RSA PKCS#1 v1.5 and SM3withSM2. SHA-1 only
 * because old roots and requests still carry it: Tessera never signs with it.
 */
export const signatureHashes: Readonly<Record<string, SignatureHash>> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.156.10197.1.501': 'sm3',
};

/**
 * Whether `signature` over `data` verifies with `key` (SubjectPublicKeyInfo DER, or read already): the one
 * place Tessera checks a signature, for CSRs, imported CA certificates and keys. ECDSA (DER) and RSA PKCS#1
 * v1.5 signatures verify in Node's crypto, off the event loop; SM3withSM2 ones in `sm2/`, on worker threads. An SM2 key verifies
 * nothing but SM3withSM2, and SM3withSM2 verifies with nothing but an SM2 key. Throws on a key it cannot read.
 */
export async function verifySignature(
  hash: SignatureHash,
  key: Buffer | ParsedPublicKey,
  data: Buffer,
  signature: Buffer,
): Promise<boolean> {
  const parsed = Buffer.isBuffer(key) ? readPublicKey(key) : key;
  if (!parsed.keyObject) return hash === 'sm3' && sm2VerifyOffLoop(parsed.sm2Point, data, signature);
  if (hash === 'sm3') return false;
  const { keyObject } = parsed;
  return new Promise((resolve, reject) => {
    verify(hash, data, keyObject, signature, (error, verified) => (error ? reject(error) : resolve(verified)));
  });
}

/**
 * Whether X.509's `SIGNED{ToBeSigned}` (a certificate or CRL; strict DER) carries a signature by `key` in one of
 * the algorithms of `signatureHashes`; false for anything else.
 */
export async function verifySigned(der: Buffer, key: Buffer | ParsedPublicKey): Promise<boolean> {
  let parts: { tbs: Buffer; hash: SignatureHash; signature: Buffer } | undefined;
  try {
    const [tbs, algorithm, value] = childrenOf(der, readWhole(der));
    if (tbs?.tag !== 0x30 || algorithm?.tag !== 0x30 || value?.tag !== 0x03) return false;
    const hash = signatureHashes[AsnConvert.parse(encoding(der, algorithm), AlgorithmIdentifier).algorithm];
    const bits = contents(der, value);
    if (!hash || bits[0] !== 0) return false;
    parts = { tbs: encoding(der, tbs), hash, signature: bits.subarray(1) };
  } catch {
    // Not DER, or an AlgorithmIdentifier that does not parse: no signature of ours.
    return false;
  }
  return verifySignature(parts.hash, key, parts.tbs, parts.signature);
}
