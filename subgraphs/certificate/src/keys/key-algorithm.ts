import type { KeyObject } from 'node:crypto';

/** Key algorithms a CA or responder key may use (CT-4: RSA or EC). */
export type KeyAlgorithm = 'P-256' | 'P-384' | 'RSA-2048' | 'RSA-3072';

export type HashName = 'sha256' | 'sha384';

export interface AlgorithmTraits {
  family: 'ec' | 'rsa';
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
};

/** Which of our algorithms a public or private key object is, or undefined when it is none of them. */
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
