import { derElement } from './der-writer';
import { type Signer, signatureAlgorithmDer } from './signer';

/**
 * `SIGNED{ToBeSigned}` of X.509 (certificates, CRLs): the DER TBS, its algorithm and signature,
 * assembled from bytes.
 */
export async function signDer(tbs: Buffer, signer: Signer): Promise<Buffer> {
  const signature = await signer.sign(tbs);
  // BIT STRING with no unused bits.
  const signatureValue = derElement(0x03, Buffer.from([0]), signature);
  return derElement(0x30, tbs, signatureAlgorithmDer(signer.algorithm), signatureValue);
}
