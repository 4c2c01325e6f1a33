import { AsnConvert } from '@peculiar/asn1-schema';
import { type Signer, signatureAlgorithmOf } from './signer';

/**
 * `SIGNED{ToBeSigned}` of X.509 (certificates, CRLs): the DER TBS, its algorithm and signature,
 * assembled from bytes so a TBS encoded once serves both the lint's and the CA's signature.
 */
export async function signDer(tbs: Buffer, signer: Signer): Promise<Buffer> {
  const signature = await signer.sign(tbs);
  const algorithm = Buffer.from(AsnConvert.serialize(signatureAlgorithmOf(signer.algorithm)));
  // BIT STRING with no unused bits.
  const signatureValue = derElement(0x03, Buffer.concat([Buffer.from([0]), signature]));
  return derElement(0x30, Buffer.concat([tbs, algorithm, signatureValue]));
}

/** A DER tag-length-value. */
function derElement(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | octets.length, ...octets]), content]);
}
