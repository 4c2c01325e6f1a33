import { sm2 } from 'sm-crypto-v2';
import { childrenOf, contents, DerSyntaxError, positiveInteger, readWhole } from '../../authority/der-reader';
import { type Sm2KeyPair, sm2Order } from './sm2-key';
import { sm2VerifyNative } from './sm2-verification';

/**
 * The GM/T 0009 default distinguishing identifier, hashed into the Z value of every SM2 signature
 * Tessera makes or checks: what OpenSSL's `distid:1234567812345678`, GmSSL and the EKeys use.
 *
 * Measured on this machine (Node 24.21, OpenSSL 3.0.19, one core, 600-byte message) when the implementation
 * was chosen: Node's crypto signs SM2 at ~4,000/s and verifies at ~4,650/s, but it always hashes an empty
 * identifier into Z and has no option to set one (an `sm2Id`-like option is silently ignored), so its
 * signatures fail `openssl pkeyutl -verify -pkeyopt distid:1234567812345678`: unusable. sm-crypto-v2 1.15.1
 * (SM2 on @noble/curves, SM3 of its own) signs at ~2,900/s and verifies at ~350/s (its verification
 * multiplies an unknown point in constant time); sm-crypto 0.5.8 (jsbn) signs at ~120/s and verifies at
 * ~60/s; gm-crypto 0.1.12 has no SM2 signatures at all. So sm-crypto-v2 signs and verifies, and sm-crypto
 * is the second, independent implementation the tests check its signatures with. Verification later moved to
 * OpenSSL's curve arithmetic with the identifier hashed here (`sm2-verification.ts`, ~0.8 ms).
 */
export const sm2DistinguishingId = '1234567812345678';

/** SM3withSM2 over `data`: `SM3(Z || data)` signed, the signature DER-encoded `SEQUENCE { r, s }` (GM/T 0009 SM2Signature). */
export function sm2Sign(key: Sm2KeyPair, data: Buffer): Buffer {
  const signature = sm2.doSignature(new Uint8Array(data), key.d, {
    der: true,
    hash: true,
    publicKey: key.publicKey,
    userId: sm2DistinguishingId,
  });
  return Buffer.from(signature, 'hex');
}

/**
 * Whether `signature` (strict DER, 1 ≤ r, s < n) is an SM3withSM2 signature of `data` by `publicKey`
 * (uncompressed point, hex) with the distinguishing identifier.
 */
export function sm2Verify(publicKey: string, data: Buffer, signature: Buffer): boolean {
  const values = signatureValues(signature);
  if (!values) return false;
  return sm2VerifyNative(Buffer.from(publicKey, 'hex'), data, values[0], values[1], sm2DistinguishingId);
}

/** r and s of a strict-DER `SEQUENCE { INTEGER, INTEGER }`, each in [1, n − 1]; undefined for anything else. */
function signatureValues(signature: Buffer): [bigint, bigint] | undefined {
  try {
    const outer = readWhole(signature);
    const parts = outer.tag === 0x30 ? childrenOf(signature, outer) : [];
    if (parts.length !== 2 || parts.some((part) => part.tag !== 0x02)) return undefined;
    const values = parts.map((part) => positiveInteger(contents(signature, part)));
    const [r, s] = values.map((value) => (value ? BigInt(`0x${value.toString('hex')}`) : 0n));
    if (r === undefined || s === undefined || r >= sm2Order || s >= sm2Order || r === 0n || s === 0n) return undefined;
    return [r, s];
  } catch (error) {
    if (error instanceof DerSyntaxError) return undefined;
    throw error;
  }
}
