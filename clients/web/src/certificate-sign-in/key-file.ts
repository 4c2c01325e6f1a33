import * as asn1js from 'asn1js';
import {
  AuthenticatedSafe,
  CertBag,
  Certificate,
  type ContentInfo,
  EncryptedData,
  PFX,
  PKCS8ShroudedKeyBag,
  PrivateKeyInfo,
  type SafeContents,
} from 'pkijs';

/**
 * Issue 15, certificate sign-in with a key file: a PKCS#12 file (.p12/.pfx) or PEM (certificate and
 * PKCS#8 private key, possibly encrypted), opened in the browser and never sent anywhere. The key is
 * imported into WebCrypto (not extractable) and signs the challenge: RSA keys RSASSA-PKCS1-v1_5 with
 * SHA-256, P-256 keys ECDSA with SHA-256. pkijs reads the structures; WebCrypto decrypts what
 * OpenSSL 3 writes by default (PBES2: PBKDF2 with HMAC-SHA-256, AES-256-CBC) and checks the file's
 * HMAC. Not supported, each with its own reason: the legacy PKCS#12 encryptions (RC2, 3DES,
 * `openssl pkcs12 -legacy`), traditional `RSA/EC PRIVATE KEY` PEM, SM2 keys (WebCrypto has no SM2)
 * and other curves.
 */

/** Why a key file cannot sign in; the page words each reason (`certificateSignIn.file.<reason>`). */
export type KeyFileProblem =
  | 'unreadable'
  | 'passwordRequired'
  | 'passwordWrong'
  | 'legacyEncryption'
  | 'traditionalPem'
  | 'noCertificate'
  | 'noKey'
  | 'keyMismatch'
  | 'sm2'
  | 'keyAlgorithm';

export class KeyFileError extends Error {
  constructor(readonly problem: KeyFileProblem) {
    super(`key file: ${problem}`);
    this.name = 'KeyFileError';
  }
}

/** What a key file signs a challenge with. */
export interface OpenedKeyFile {
  /** The certificate that goes with the key: DER. */
  certificate: Uint8Array;
  /** Signs `data` with the file's key; the signature as WebCrypto gives it (ECDSA: raw r‖s). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

const oids = {
  pbes2: '1.2.840.113549.1.5.13',
  rsa: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  sm2Curve: '1.2.156.10197.1.301',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  encryptedData: '1.2.840.113549.1.7.6',
} as const;

type SigningAlgorithm = { name: 'RSASSA-PKCS1-v1_5'; hash: 'SHA-256' } | { name: 'ECDSA'; namedCurve: 'P-256' };

const bytes = (view: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> =>
  view instanceof Uint8Array ? new Uint8Array(view) : new Uint8Array(view.slice(0));

/** The PKCS#12 and PBES2 password: UTF-8, as OpenSSL 3 uses it. */
const passwordBytes = (password: string): ArrayBuffer => new TextEncoder().encode(password).slice().buffer;

/** The WebCrypto algorithm for a PKCS#8 key, or why it has none. */
function algorithmOf(key: PrivateKeyInfo): SigningAlgorithm {
  const id = key.privateKeyAlgorithm.algorithmId;
  if (id === oids.rsa) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (id === oids.sm2Curve) throw new KeyFileError('sm2');
  if (id === oids.ecPublicKey) {
    const params = key.privateKeyAlgorithm.algorithmParams;
    const curve = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : '';
    if (curve === oids.p256) return { name: 'ECDSA', namedCurve: 'P-256' };
    if (curve === oids.sm2Curve) throw new KeyFileError('sm2');
  }
  throw new KeyFileError('keyAlgorithm');
}

function parseDer<T>(der: Uint8Array, read: (schema: asn1js.AsnType) => T): T {
  const parsed = asn1js.fromBER(bytes(der));
  if (parsed.offset === -1) throw new KeyFileError('unreadable');
  try {
    return read(parsed.result);
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw new KeyFileError('unreadable');
  }
}

/** The DER of the SM2 curve's OID (1.2.156.10197.1.301), which pkijs's PrivateKeyInfo does not read. */
const sm2CurveDer = [0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d];

function readPrivateKey(der: Uint8Array): PrivateKeyInfo {
  const head = Array.from(der.subarray(0, 64));
  if (head.some((_, at) => sm2CurveDer.every((byte, i) => head[at + i] === byte))) throw new KeyFileError('sm2');
  return parseDer(der, (schema) => new PrivateKeyInfo({ schema }));
}

/** Decrypts an EncryptedPrivateKeyInfo (PBES2 only). */
async function decryptKey(bag: PKCS8ShroudedKeyBag, password: string): Promise<PrivateKeyInfo> {
  if (bag.encryptionAlgorithm.algorithmId !== oids.pbes2) throw new KeyFileError('legacyEncryption');
  if (!password) throw new KeyFileError('passwordRequired');
  try {
    // The decryption is pkijs's protected step of the bag, shared by PKCS#12 and PEM.
    await (bag as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({
      password: passwordBytes(password),
    });
  } catch {
    throw new KeyFileError('passwordWrong');
  }
  if (!bag.parsedValue) throw new KeyFileError('passwordWrong');
  return bag.parsedValue;
}

/** Keys and certificates of a PKCS#12 file. */
async function readPkcs12(
  der: Uint8Array,
  password: string,
): Promise<{ keys: PrivateKeyInfo[]; certificates: Uint8Array[] }> {
  const pfx = parseDer(der, (schema) => new PFX({ schema }));
  if (!password) throw new KeyFileError('passwordRequired');
  try {
    await pfx.parseInternalValues({ password: passwordBytes(password), checkIntegrity: true });
  } catch {
    throw new KeyFileError('passwordWrong');
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!(safe instanceof AuthenticatedSafe)) throw new KeyFileError('unreadable');
  for (const content of safe.safeContents as ContentInfo[]) {
    if (content.contentType !== oids.encryptedData) continue;
    // A copy: pkijs's schema check marks the ASN.1 it reads, and the decryption below reads this one again.
    const copy = EncryptedData.fromBER((content.content as asn1js.Sequence).toBER(false));
    const scheme = copy.encryptedContentInfo.contentEncryptionAlgorithm;
    if (scheme.algorithmId !== oids.pbes2) throw new KeyFileError('legacyEncryption');
  }
  try {
    await safe.parseInternalValues({
      safeContents: safe.safeContents.map(() => ({ password: passwordBytes(password) })),
    });
  } catch {
    throw new KeyFileError('passwordWrong');
  }
  const keys: PrivateKeyInfo[] = [];
  const certificates: Uint8Array[] = [];
  for (const { value } of (safe.parsedValue?.safeContents ?? []) as { value: SafeContents }[]) {
    for (const bag of value.safeBags) {
      if (bag.bagId === oids.keyBag) keys.push(bag.bagValue as PrivateKeyInfo);
      if (bag.bagId === oids.shroudedKeyBag) keys.push(await decryptKey(bag.bagValue as PKCS8ShroudedKeyBag, password));
      if (bag.bagId === oids.certBag) {
        const certBag = bag.bagValue as CertBag;
        if (certBag.certId === oids.x509Certificate && certBag.parsedValue instanceof Certificate) {
          certificates.push(bytes(certBag.parsedValue.toSchema().toBER(false)));
        }
      }
    }
  }
  return { keys, certificates };
}

/** The blocks of a PEM text, by label. */
function pemBlocks(text: string): { label: string; der: Uint8Array }[] {
  const blocks: { label: string; der: Uint8Array }[] = [];
  for (const match of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    const [, label = '', body = ''] = match;
    if (/^Proc-Type:/m.test(body)) throw new KeyFileError('traditionalPem');
    try {
      blocks.push({ label, der: Uint8Array.from(atob(body.replace(/\s+/g, '')), (c) => c.charCodeAt(0)) });
    } catch {
      throw new KeyFileError('unreadable');
    }
  }
  return blocks;
}

/** Keys and certificates of PEM text. */
async function readPem(
  text: string,
  password: string,
): Promise<{ keys: PrivateKeyInfo[]; certificates: Uint8Array[] }> {
  const keys: PrivateKeyInfo[] = [];
  const certificates: Uint8Array[] = [];
  for (const { label, der } of pemBlocks(text)) {
    if (label === 'CERTIFICATE') certificates.push(der);
    else if (label === 'PRIVATE KEY') keys.push(readPrivateKey(der));
    else if (label === 'ENCRYPTED PRIVATE KEY') {
      keys.push(
        await decryptKey(
          parseDer(der, (schema) => new PKCS8ShroudedKeyBag({ schema })),
          password,
        ),
      );
    } else if (label === 'RSA PRIVATE KEY' || label === 'EC PRIVATE KEY') throw new KeyFileError('traditionalPem');
  }
  return { keys, certificates };
}

const isPem = (file: Uint8Array) => new TextDecoder().decode(file.slice(0, 4096)).includes('-----BEGIN ');

/**
 * Opens the files the person chose (one PKCS#12 file, or PEM files holding the certificate and the
 * key) with the password (of the PKCS#12 file or of an encrypted PKCS#8 key): finds a key WebCrypto
 * signs with and the certificate whose public key verifies its signatures.
 */
export async function openKeyFile(files: Uint8Array[], password: string): Promise<OpenedKeyFile> {
  const pem = files.filter(isPem);
  const binary = files.filter((file) => !isPem(file));
  const found = { keys: [] as PrivateKeyInfo[], certificates: [] as Uint8Array[] };
  for (const file of binary) {
    const { keys, certificates } = await readPkcs12(file, password);
    found.keys.push(...keys);
    found.certificates.push(...certificates);
  }
  if (pem.length) {
    const { keys, certificates } = await readPem(
      pem.map((file) => new TextDecoder().decode(file)).join('\n'),
      password,
    );
    found.keys.push(...keys);
    found.certificates.push(...certificates);
  }
  const [info] = found.keys;
  if (!info) throw new KeyFileError(found.certificates.length ? 'noKey' : 'unreadable');
  if (!found.certificates.length) throw new KeyFileError('noCertificate');
  const algorithm = algorithmOf(info);
  const key = await crypto.subtle
    .importKey('pkcs8', bytes(info.toSchema().toBER(false)), algorithm, false, ['sign'])
    .catch(() => {
      throw new KeyFileError('keyAlgorithm');
    });
  const signing = algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : algorithm;
  const sign = async (data: Uint8Array) => new Uint8Array(await crypto.subtle.sign(signing, key, bytes(data)));
  const probe = crypto.getRandomValues(new Uint8Array(32));
  const probeSignature = await sign(probe);
  for (const der of found.certificates) {
    const spki = parseDer(der, (schema) => new Certificate({ schema })).subjectPublicKeyInfo;
    const publicKey = await crypto.subtle
      .importKey('spki', bytes(spki.toSchema().toBER(false)), algorithm, false, ['verify'])
      .catch(() => null);
    if (publicKey && (await crypto.subtle.verify(signing, publicKey, probeSignature, probe))) {
      return { certificate: der, sign };
    }
  }
  throw new KeyFileError('keyMismatch');
}
