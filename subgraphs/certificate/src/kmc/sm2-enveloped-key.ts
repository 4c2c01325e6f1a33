import { createCipheriv, randomBytes } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { derElement } from '../authority/der-writer';
import type { Sm2KeyPair } from '../keys/sm2/sm2-key';

/** `AlgorithmIdentifier` of SM4 in ECB mode (GM/T 0006: 1.2.156.10197.1.104.1); ECB takes no parameters. */
const sm4Ecb = derElement(0x30, Buffer.from('06082a811ccf55016801', 'hex'));

const bitString = (bytes: Buffer) => derElement(0x03, Buffer.from([0]), bytes);

/**
 * The SM2 key-pair protection structure of GM/T 0009-2012 §7.4 (GB/T 35276-2017 §7.4), what the
 * KMC of the GM/T 0034 dual-certificate system delivers and SM2 EKeys import (the SKF's
 * `ENVELOPEDKEYBLOB` carries the same four parts):
 *
 *     SM2EnvelopedKey ::= SEQUENCE {
 *       symAlgID               AlgorithmIdentifier,  -- SM4-ECB
 *       symEncryptedKey        SM2Cipher,            -- the SM4 key, SM2-encrypted to the recipient's (signing) key
 *       Sm2PublicKey           SM2PublicKey,         -- BIT STRING 04 || x || y of the delivered key pair
 *       Sm2EncryptedPrivateKey BIT STRING }          -- its 32-byte private key, SM4-ECB under that key
 *
 * `SM2Cipher` is GM/T 0009's `SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER, HASH OCTET STRING,
 * CipherText OCTET STRING }` (C1, C3, C2), as sm-crypto-v2 writes it and OpenSSL's SM2 decryption reads it.
 */
export function sealSm2EnvelopedKey(recipientPublicKey: string, delivered: Sm2KeyPair): Buffer {
  const symmetricKey = randomBytes(16);
  const cipher = createCipheriv('sm4-ecb', symmetricKey, null);
  cipher.setAutoPadding(false);
  const encryptedPrivateKey = Buffer.concat([cipher.update(Buffer.from(delivered.d, 'hex')), cipher.final()]);
  const symEncryptedKey = Buffer.from(
    sm2.doEncrypt(new Uint8Array(symmetricKey), recipientPublicKey, 1, { asn1: true }),
    'hex',
  );
  return derElement(
    0x30,
    sm4Ecb,
    symEncryptedKey,
    bitString(Buffer.from(delivered.publicKey, 'hex')),
    bitString(encryptedPrivateKey),
  );
}
