import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PemConverter } from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { commandExists } from './softhsm-token';
import { fileSet, openssl, pem, run } from './test-pki';

/** Whether OpenSSL is there to open envelopes; tests that need it say so and skip when it is not. */
export function opensslAvailable(): boolean {
  const available = commandExists('openssl');
  if (!available) console.warn('openssl is not installed: skipping the tests that open CMS envelopes (CT-1)');
  return available;
}

/**
 * Opens a CMS envelope as the subscriber would, with a tool nobody here wrote:
 * `openssl cms -decrypt` with the recipient's certificate and private key. Returns the content.
 */
export async function openEnvelope(
  envelopePem: string,
  recipientCertificate: Buffer,
  recipientKey: webcrypto.CryptoKey,
): Promise<Buffer> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', recipientKey));
  const files = fileSet({
    'envelope.pem': envelopePem,
    'recipient.pem': pem(recipientCertificate, 'CERTIFICATE'),
    'recipient.key': `${PemConverter.encode(new Uint8Array(pkcs8).buffer, 'PRIVATE KEY')}\n`,
  });
  try {
    const result = await run('openssl', [
      'cms',
      '-decrypt',
      '-binary',
      '-inform',
      'PEM',
      '-in',
      files.path('envelope.pem'),
      '-recip',
      files.path('recipient.pem'),
      '-inkey',
      files.path('recipient.key'),
      '-out',
      files.path('content.der'),
    ]);
    if (result.status !== 0) throw new Error(`openssl cms -decrypt failed: ${result.output}`);
    return readFileSync(files.path('content.der'));
  } finally {
    files.remove();
  }
}

/** The four parts of an SM2EnvelopedKey (GM/T 0009 §7.4) as asn1js, not Tessera's DER reader, reads them. */
export function sm2EnvelopedKeyParts(der: Buffer) {
  const parsed = asn1js.fromBER(new Uint8Array(der));
  if (parsed.offset === -1) throw new Error('not DER');
  const [algorithm, cipher, publicKey, encryptedPrivateKey] = (parsed.result as asn1js.Sequence).valueBlock.value as [
    asn1js.Sequence,
    asn1js.Sequence,
    asn1js.BitString,
    asn1js.BitString,
  ];
  const [x, y, hash, cipherText] = cipher.valueBlock.value as [
    asn1js.Integer,
    asn1js.Integer,
    asn1js.OctetString,
    asn1js.OctetString,
  ];
  const hex = (integer: asn1js.Integer) =>
    BigInt(`0x${Buffer.from(integer.valueBlock.valueHexView).toString('hex')}`)
      .toString(16)
      .padStart(64, '0');
  return {
    algorithm: (algorithm.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(),
    algorithmParts: algorithm.valueBlock.value.length,
    /** The SM2Cipher element itself, DER, as OpenSSL's SM2 decryption takes it. */
    cipherDer: Buffer.from(cipher.toBER()),
    /** C1 || C3 || C2 in hex, as sm-crypto takes it (C1 without its 04). */
    c1c3c2: `${hex(x)}${hex(y)}${Buffer.from(hash.valueBlock.valueHexView).toString('hex')}${Buffer.from(cipherText.valueBlock.valueHexView).toString('hex')}`,
    publicKey: Buffer.from(publicKey.valueBlock.valueHexView),
    encryptedPrivateKey: Buffer.from(encryptedPrivateKey.valueBlock.valueHexView),
  };
}

/**
 * Opens an SM2EnvelopedKey with OpenSSL as a holder of the recipient key (PEM) would: `pkeyutl -decrypt` of
 * the SM2Cipher gives the SM4 key, `enc -d -sm4-ecb` the private key. Returns the private key, hex; throws
 * when OpenSSL cannot (another recipient's key).
 */
export async function openSm2EnvelopedKey(der: Buffer, recipientKeyPem: string): Promise<string> {
  const parts = sm2EnvelopedKeyParts(der);
  const files = fileSet({
    'recipient.pem': recipientKeyPem,
    'cipher.der': parts.cipherDer,
    'private.enc': parts.encryptedPrivateKey,
  });
  try {
    await openssl(
      'pkeyutl',
      '-decrypt',
      '-inkey',
      files.path('recipient.pem'),
      '-in',
      files.path('cipher.der'),
      '-out',
      files.path('sm4.key'),
    );
    const sm4Key = readFileSync(files.path('sm4.key'));
    if (sm4Key.length !== 16) throw new Error(`the SM4 key has ${sm4Key.length} bytes`);
    await openssl(
      'enc',
      '-d',
      '-sm4-ecb',
      '-nopad',
      '-K',
      sm4Key.toString('hex'),
      '-in',
      files.path('private.enc'),
      '-out',
      files.path('private.bin'),
    );
    return readFileSync(files.path('private.bin')).toString('hex');
  } finally {
    files.remove();
  }
}
