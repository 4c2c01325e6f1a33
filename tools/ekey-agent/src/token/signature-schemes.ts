import { createHash, type KeyObject } from 'node:crypto';
import { Integer, Sequence } from 'asn1js';
import * as pkcs11js from 'pkcs11js';
import type { SignatureAlgorithm } from '../protocol';

/** How the agent signs with one kind of key, and what it tells the page it did. */
export interface SignatureScheme {
  /** The X.509 name of the signature algorithm. */
  name: SignatureAlgorithm;
  oid: string;
  /** Node's digest name, for checking the signature before it leaves the agent. */
  hash: 'sha256';
  sign(module: pkcs11js.PKCS11, session: pkcs11js.Handle, key: pkcs11js.Handle, data: Buffer): Promise<Buffer>;
}

/** RSA PKCS#1 v1.5 with SHA-256, hashed on the token (CKM_SHA256_RSA_PKCS). */
function rsaPkcs1Sha256(modulusBytes: number): SignatureScheme {
  return {
    name: 'sha256WithRSAEncryption',
    oid: '1.2.840.113549.1.1.11',
    hash: 'sha256',
    sign(module, session, key, data) {
      module.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, key);
      return module.C_SignAsync(session, data, Buffer.alloc(modulusBytes));
    },
  };
}

/**
 * ECDSA P-256 with SHA-256: tokens such as SoftHSM have no CKM_ECDSA_SHA256, so the agent hashes and the
 * token signs the digest with CKM_ECDSA, answering raw r‖s, which becomes the DER `ECDSA-Sig-Value` X.509 and
 * CMS verifiers expect.
 */
const ecdsaP256Sha256: SignatureScheme = {
  name: 'ecdsa-with-SHA256',
  oid: '1.2.840.10045.4.3.2',
  hash: 'sha256',
  async sign(module, session, key, data) {
    module.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, key);
    const digest = createHash('sha256').update(data).digest();
    return rawEcdsaToDer(await module.C_SignAsync(session, digest, Buffer.alloc(64)));
  },
};

/** The scheme for a certificate's public key, or undefined when the agent does not sign with such keys. */
export function schemeFor(publicKey: KeyObject): SignatureScheme | undefined {
  const details = publicKey.asymmetricKeyDetails;
  if (publicKey.asymmetricKeyType === 'rsa' && details?.modulusLength) return rsaPkcs1Sha256(details.modulusLength / 8);
  if (publicKey.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return ecdsaP256Sha256;
  return undefined;
}

/** A key type a page can show when the agent refuses it, e.g. `ec secp384r1`. */
export function describeKey(publicKey: KeyObject): string {
  const details = publicKey.asymmetricKeyDetails;
  return [publicKey.asymmetricKeyType, details?.namedCurve ?? details?.modulusLength].filter(Boolean).join(' ');
}

/** `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279) from PKCS#11's r‖s. */
export function rawEcdsaToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const integer = (bytes: Buffer) => Integer.fromBigInt(BigInt(`0x${bytes.toString('hex')}`));
  return Buffer.from(new Sequence({ value: [integer(raw.subarray(0, half)), integer(raw.subarray(half))] }).toBER());
}
