import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Pkcs10CertificateRequest } from '@peculiar/x509';
import { CertificateError } from '../errors';

/** A PKCS#10 request whose signature verified: the requester holds the private key (proof of possession). */
export interface VerifiedRequest {
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
}

/** Signature algorithms Node verifies directly: ECDSA (DER signature) and RSA PKCS#1 v1.5, by hash. */
const nodeHashes: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** Parses and verifies a CSR (DER or PEM). Only its key is used; its subject is ignored by design. */
export async function verifyCertificateRequest(csr: Buffer | string): Promise<VerifiedRequest> {
  let request: CertificationRequest;
  try {
    const der = Buffer.isBuffer(csr) && csr[0] === 0x30 ? csr : Buffer.from(new Pkcs10CertificateRequest(csr).rawData);
    request = AsnConvert.parse(der, CertificationRequest);
  } catch {
    throw new CertificateError('CSR_MALFORMED');
  }
  const publicKey = Buffer.from(AsnConvert.serialize(request.certificationRequestInfo.subjectPKInfo));
  let key: KeyObject;
  let verified = false;
  try {
    key = createPublicKey({ key: publicKey, format: 'der', type: 'spki' });
    verified = await verifySignature(request, key);
  } catch {
    throw new CertificateError('CSR_KEY_UNSUPPORTED');
  }
  if (!verified) throw new CertificateError('CSR_SIGNATURE_INVALID');
  const details = key.asymmetricKeyDetails;
  const supported =
    (key.asymmetricKeyType === 'ec' && ['prime256v1', 'secp384r1'].includes(details?.namedCurve ?? '')) ||
    (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048);
  if (!supported) throw new CertificateError('CSR_KEY_UNSUPPORTED');
  return { publicKey };
}

/**
 * Node's one-shot verify for the common algorithms (a third of the time WebCrypto took on the
 * issuance path); anything else (RSA-PSS...) through @peculiar/x509.
 */
async function verifySignature(request: CertificationRequest, key: KeyObject): Promise<boolean> {
  const hash = nodeHashes[request.signatureAlgorithm.algorithm];
  const signed = request.certificationRequestInfoRaw;
  if (!hash || !signed) return new Pkcs10CertificateRequest(request).verify();
  return verify(hash, Buffer.from(signed), key, Buffer.from(request.signature));
}
