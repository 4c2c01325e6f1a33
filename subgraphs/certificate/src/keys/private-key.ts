import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { algorithmOfKey, algorithmTraits, type KeyAlgorithm } from './key-algorithm';
import { generateSm2Key, type Sm2KeyPair, sm2KeyFromPkcs8, sm2Pkcs8, sm2Spki } from './sm2/sm2-key';
import { sm2Sign } from './sm2/sm2-signature';

/**
 * A private key held in this process: what the software backend opens, the lint's throwaway signer signs
 * with and the KMC generates for encryption certificates. ECDSA and RSA keys sign in Node's crypto, SM2 keys
 * in `sm2/` (Node cannot set the distinguishing identifier SM2 signatures need).
 */
export interface PrivateKey {
  readonly algorithm: KeyAlgorithm;
  /** PKCS#8 DER, as OpenSSL writes and reads it. */
  pkcs8(): Buffer;
  /** SubjectPublicKeyInfo DER. */
  spki(): Buffer;
  /**
   * ECDSA and SM2 signatures DER-encoded, RSA ones PKCS#1 v1.5: what X.509, CRLs and OCSP carry. ECDSA and RSA sign
   * on libuv's thread pool, off the event loop: an RSA-2048 signature is a third of a millisecond.
   */
  sign(data: Buffer): Promise<Buffer>;
}

export function generatePrivateKey(algorithm: KeyAlgorithm): PrivateKey {
  const traits = algorithmTraits[algorithm];
  if (traits.family === 'sm2') return new Sm2PrivateKey(generateSm2Key());
  const { privateKey } =
    traits.family === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: traits.namedCurve ?? 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: traits.modulusLength ?? 2048 });
  return new NodePrivateKey(privateKey, algorithm);
}

/** The key of PKCS#8 DER; undefined when it is none of our algorithms. Throws on DER that is no private key. */
export function privateKeyFromPkcs8(pkcs8: Buffer): PrivateKey | undefined {
  const sm2 = sm2KeyFromPkcs8(pkcs8);
  if (sm2) return new Sm2PrivateKey(sm2);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const algorithm = algorithmOfKey(privateKey);
  return algorithm ? new NodePrivateKey(privateKey, algorithm) : undefined;
}

class NodePrivateKey implements PrivateKey {
  constructor(
    private readonly key: KeyObject,
    readonly algorithm: KeyAlgorithm,
  ) {}

  pkcs8(): Buffer {
    return this.key.export({ type: 'pkcs8', format: 'der' });
  }

  spki(): Buffer {
    return createPublicKey(this.key).export({ type: 'spki', format: 'der' });
  }

  sign(data: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      // The KeyObject itself, not `{ key, dsaEncoding: 'der' }` (DER is the default): Node reads an options object
      // through a slow path that cost a third of an ECDSA signature on the event loop.
      sign(algorithmTraits[this.algorithm].hash, data, this.key, (error, signature) =>
        error ? reject(error) : resolve(signature),
      );
    });
  }
}

class Sm2PrivateKey implements PrivateKey {
  readonly algorithm = 'SM2';

  constructor(private readonly key: Sm2KeyPair) {}

  pkcs8(): Buffer {
    return sm2Pkcs8(this.key);
  }

  spki(): Buffer {
    return sm2Spki(this.key.publicKey);
  }

  async sign(data: Buffer): Promise<Buffer> {
    return sm2Sign(this.key, data);
  }
}
