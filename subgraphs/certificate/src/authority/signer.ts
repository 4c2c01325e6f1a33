import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { algorithmTraits, type KeyAlgorithm } from '../keys/key-algorithm';
import type { KeyBackend, KeyReference } from '../keys/key-backend';
import { generatePrivateKey, type PrivateKey } from '../keys/private-key';

/** Something that signs TBS structures: a CA or responder key, or the lint's throwaway key. */
export interface Signer {
  readonly algorithm: KeyAlgorithm;
  sign(data: Buffer): Promise<Buffer>;
}

/** A key held by a `KeyBackend`. */
export function backendSigner(backend: KeyBackend, key: KeyReference): Signer {
  return { algorithm: key.algorithm, sign: (data) => backend.sign(key, data) };
}

const throwawayKeys = new Map<KeyAlgorithm, PrivateKey>();

/**
 * A process-local key of the same algorithm, never trusted by anyone: what gets linted is signed
 * with it first, so a malformed certificate never carries a real CA signature (Boulder's pattern).
 */
export function throwawaySigner(algorithm: KeyAlgorithm): Signer {
  let key = throwawayKeys.get(algorithm);
  if (!key) {
    key = generatePrivateKey(algorithm);
    throwawayKeys.set(algorithm, key);
  }
  const privateKey = key;
  return { algorithm, sign: (data) => privateKey.sign(data) };
}

/**
 * The AlgorithmIdentifier of signatures by `algorithm`: RSA carries NULL parameters, ECDSA none (RFC 5758), and
 * SM3withSM2 none either, as OpenSSL 3 writes it (`openssl req -sm3`, `openssl x509 -sm3`).
 */
export function signatureAlgorithmOf(algorithm: KeyAlgorithm): AlgorithmIdentifier {
  const traits = algorithmTraits[algorithm];
  return new AlgorithmIdentifier({
    algorithm: traits.signatureOid,
    parameters: traits.family === 'rsa' ? null : undefined,
  });
}

const algorithmDer = new Map<KeyAlgorithm, Buffer>();

/** `signatureAlgorithmOf` as DER, encoded once per algorithm. */
export function signatureAlgorithmDer(algorithm: KeyAlgorithm): Buffer {
  let der = algorithmDer.get(algorithm);
  if (!der) {
    der = Buffer.from(AsnConvert.serialize(signatureAlgorithmOf(algorithm)));
    algorithmDer.set(algorithm, der);
  }
  return der;
}
