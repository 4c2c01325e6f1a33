import type { KeyAlgorithm } from './key-algorithm';
import type { KeyEncryption } from './key-encryption';

/** A private key held by a backend, named by its label; the algorithm decides how it signs. */
export interface KeyReference {
  label: string;
  algorithm: KeyAlgorithm;
}

/**
 * Where CA and responder keys live and sign (the step-ca `kms` pattern): the CA code only
 * sees this interface, never whether the key sits in software or in an HSM.
 */
export interface KeyBackend {
  readonly kind: 'software' | 'pkcs11';
  /**
   * Whether this backend can generate, import and sign with keys of `algorithm`: `true`, or the error that names
   * what is missing (a token without an SM2 mechanism). The CA asks at start for each hierarchy it runs, and
   * the backend throws the same error when such a key is asked for anyway.
   */
  supports(algorithm: KeyAlgorithm): true | UnsupportedKeyAlgorithmError;
  /** Makes a new key pair under `label`; refuses a label already in use. */
  generateKey(key: KeyReference): Promise<void>;
  /** Stores an existing private key (PKCS#8 DER), for CAs imported from elsewhere. */
  importKey(key: KeyReference, pkcs8: Buffer): Promise<void>;
  /**
   * The private key as PKCS#8 DER, for the operator's key custody (a PKCS#12 export under a passphrase).
   * Only a software backend has it: an HSM's keys never leave it, and the HSM's own backup keeps them.
   */
  exportKey?(key: KeyReference): Promise<Buffer>;
  /** Whether a key exists under `label`. */
  hasKey(label: string): Promise<boolean>;
  /** The public key as SubjectPublicKeyInfo DER. */
  publicKey(key: KeyReference): Promise<Buffer>;
  /**
   * Signs `data` with the key's hash: ECDSA and SM2 signatures come back DER-encoded, RSA ones as
   * PKCS#1 v1.5, i.e. exactly what X.509, CRLs and OCSP carry. SM2 signs `SM3(Z || data)` with the
   * GM/T 0009 distinguishing identifier `1234567812345678` in Z.
   */
  sign(key: KeyReference, data: Buffer): Promise<Buffer>;
  /**
   * A key-encryption key kept by the backend itself under `label` (made on first use), when the
   * backend is a token: what it seals is opened only on that token. Software backends have none;
   * the KMC then takes its key from the configuration.
   */
  keyEncryption?(label: string): KeyEncryption;
  close(): Promise<void>;
}

/** A key backend asked for keys of an algorithm it has no mechanism for: names the backend, algorithm and mechanism. */
export class UnsupportedKeyAlgorithmError extends Error {
  constructor(
    readonly backend: KeyBackend['kind'],
    readonly algorithm: KeyAlgorithm,
    /** What the backend lacks: a mechanism by name (`CKM_ECDSA`), or "SM2 mechanism ...". */
    readonly missing: string,
    detail = '',
  ) {
    super(
      `the ${backend} key backend cannot hold ${algorithm} keys: it has no ${missing}${detail ? `; ${detail}` : ''}`,
    );
    this.name = 'UnsupportedKeyAlgorithmError';
  }
}
