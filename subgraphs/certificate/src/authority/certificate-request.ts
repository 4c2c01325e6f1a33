import { createPublicKey } from 'node:crypto';
import { Pkcs10CertificateRequest } from '@peculiar/x509';
import { CertificateError } from '../errors';

/** A PKCS#10 request whose signature verified: the requester holds the private key (proof of possession). */
export interface VerifiedRequest {
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
}

/** Parses and verifies a CSR (DER or PEM). Only its key is used; its subject is ignored by design. */
export async function verifyCertificateRequest(csr: Buffer | string): Promise<VerifiedRequest> {
  let request: Pkcs10CertificateRequest;
  try {
    request = new Pkcs10CertificateRequest(csr);
  } catch {
    throw new CertificateError('CSR_MALFORMED');
  }
  let verified = false;
  try {
    verified = await request.verify();
  } catch {
    throw new CertificateError('CSR_KEY_UNSUPPORTED');
  }
  if (!verified) throw new CertificateError('CSR_SIGNATURE_INVALID');
  const publicKey = Buffer.from(request.publicKey.rawData);
  const key = createPublicKey({ key: publicKey, format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails;
  const supported =
    (key.asymmetricKeyType === 'ec' && ['prime256v1', 'secp384r1'].includes(details?.namedCurve ?? '')) ||
    (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048);
  if (!supported) throw new CertificateError('CSR_KEY_UNSUPPORTED');
  return { publicKey };
}
