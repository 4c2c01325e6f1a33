import type { KeyFamily } from '../keys/key-algorithm';
import type { SignatureHash } from '../keys/signature-verification';
import { SignatureRefusal } from './signature-refusal';

/** The digests a signature may be made over (issue 15 item 3), by OID; SHA-1 is known only to be refused. */
const digestAlgorithms: Readonly<Record<string, SignatureHash>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.156.10197.1.401': 'sm3',
};

/**
 * The signature algorithms of a CMS SignerInfo, by OID: the key family they need and, for the combined ones
 * (sha256WithRSAEncryption, ecdsa-with-SHA256, SM2-with-SM3), the digest they name. RFC 5652 lets a signer
 * name the bare key algorithm (rsaEncryption, id-ecPublicKey, SM2) and the digest apart, as OpenSSL does.
 */
const signatureAlgorithms: Readonly<Record<string, { family: KeyFamily; hash?: SignatureHash }>> = {
  '1.2.840.113549.1.1.1': { family: 'rsa' },
  '1.2.840.113549.1.1.11': { family: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { family: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { family: 'rsa', hash: 'sha512' },
  '1.2.840.10045.2.1': { family: 'ec' },
  '1.2.840.10045.4.3.2': { family: 'ec', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { family: 'ec', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { family: 'ec', hash: 'sha512' },
  '1.2.156.10197.1.301': { family: 'sm2' },
  '1.2.156.10197.1.301.1': { family: 'sm2' },
  '1.2.156.10197.1.501': { family: 'sm2', hash: 'sm3' },
};

/** The names the answer gives a digest. */
export const digestNames: Readonly<Record<SignatureHash, string>> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  sm3: 'SM3',
};

/** The digest of `oid`; refuses an unknown one and SHA-1. */
export function digestOf(oid: string): SignatureHash {
  const hash = digestAlgorithms[oid];
  if (!hash) throw new SignatureRefusal('SIGNATURE_DIGEST_ALGORITHM_UNSUPPORTED', { algorithm: oid });
  if (hash === 'sha1') throw new SignatureRefusal('SIGNATURE_DIGEST_ALGORITHM_WEAK');
  return hash;
}

/**
 * Checks that the signature algorithm `oid` goes with `hash` and with the signer's key family (SM3 only with
 * SM2, SM2 only with SM3); refuses anything else, RSASSA-PSS and Ed25519 included.
 */
export function checkSignatureAlgorithm(oid: string, hash: SignatureHash, keyFamily: KeyFamily | undefined): void {
  const algorithm = signatureAlgorithms[oid];
  const fits =
    algorithm !== undefined &&
    algorithm.family === keyFamily &&
    (algorithm.hash === undefined || algorithm.hash === hash) &&
    (hash === 'sm3') === (keyFamily === 'sm2');
  if (!fits) throw new SignatureRefusal('SIGNATURE_ALGORITHM_UNSUPPORTED', { algorithm: oid });
}

/** The name the answer gives a signature algorithm: the digest with the key family. */
export function signatureAlgorithmName(hash: SignatureHash, family: KeyFamily): string {
  const names: Record<KeyFamily, string> = { rsa: 'RSA', ec: 'ECDSA', sm2: 'SM2' };
  return `${digestNames[hash].replace('-', '')}with${names[family]}`;
}
