import type { KeyObject } from 'node:crypto';

/**
 * Key algorithms a CA or responder key may use (CT-4: RSA or EC; issue 14: SM2 of GM/T 0003 beside them).
 */
export type KeyAlgorithm = 'P-256' | 'P-384' | 'RSA-2048' | 'RSA-3072' | 'SM2';

export type HashName = 'sha256' | 'sha384' | 'sm3';

/** How keys of an algorithm sign: ECDSA, RSA PKCS#1 v1.5, or SM2 (GM/T 0003 with the Z value of GM/T 0009). */
export type KeyFamily = 'ec' | 'rsa' | 'sm2';

export interface AlgorithmTraits {
  family: KeyFamily;
  /** The hash signatures with this key use; the signature algorithm OID follows from it. */
  hash: HashName;
  namedCurve?: 'P-256' | 'P-384';
  modulusLength?: number;
  /** Signature algorithm OID written into certificates, CRLs and OCSP responses. */
  signatureOid: string;
}

export const algorithmTraits: Record<KeyAlgorithm, AlgorithmTraits> = {
  'P-256': { family: 'ec', hash: 'sha256', namedCurve: 'P-256', signatureOid: '1.2.840.10045.4.3.2' },
  'P-384': { family: 'ec', hash: 'sha384', namedCurve: 'P-384', signatureOid: '1.2.840.10045.4.3.3' },
  'RSA-2048': { family: 'rsa', hash: 'sha256', modulusLength: 2048, signatureOid: '1.2.840.113549.1.1.11' },
  'RSA-3072': { family: 'rsa', hash: 'sha256', modulusLength: 3072, signatureOid: '1.2.840.113549.1.1.11' },
  /** SM3withSM2 (GM/T 0006, RFC 8998 §3.2); keys are id-ecPublicKey on the curve 1.2.156.10197.1.301. */
  SM2: { family: 'sm2', hash: 'sm3', signatureOid: '1.2.156.10197.1.501' },
};

/**
 * Which of our algorithms a Node key object is, or undefined when it is none of them. Node reads
 * SM2 keys without telling their type (and cannot sign them interoperably): SM2 keys are recognised
 * from their DER instead (`algorithmOfSpki`).
 */
export function algorithmOfKey(key: KeyObject): KeyAlgorithm | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec') {
    if (details?.namedCurve === 'prime256v1') return 'P-256';
    if (details?.namedCurve === 'secp384r1') return 'P-384';
    return undefined;
  }
  if (key.asymmetricKeyType === 'rsa') {
    if (details?.modulusLength === 2048) return 'RSA-2048';
    if (details?.modulusLength === 3072) return 'RSA-3072';
  }
  return undefined;
}
