import { createPrivateKey, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  Attribute,
  AuthenticatedSafe,
  CertBag,
  Certificate,
  PFX,
  PKCS8ShroudedKeyBag,
  SafeBag,
  SafeContents,
} from 'pkijs';

/** One key and its certificate, named (friendlyName) and paired (localKeyId) as RFC 7292 says. */
export interface KeystoreEntry {
  name: string;
  certificate: Buffer;
  /** PKCS#8 DER; absent for a certificate without its key. */
  key?: Buffer;
}

const oids = {
  keyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
};
const macIterations = 100_000;

/** The passphrase as UTF-8 bytes: pkijs makes the BMPString PKCS#12's MAC key derivation takes. */
function passwordBytes(passphrase: string): ArrayBuffer {
  return new Uint8Array(Buffer.from(passphrase, 'utf8')).buffer;
}

function attributes(name: string, keyId: Buffer): Attribute[] {
  return [
    new Attribute({ type: oids.friendlyName, values: [new asn1js.BmpString({ value: name })] }),
    new Attribute({ type: oids.localKeyId, values: [new asn1js.OctetString({ valueHex: new Uint8Array(keyId) })] }),
  ];
}

/**
 * A PKCS#12 file (RFC 7292) OpenSSL, Java and Windows read: each key as a PKCS8ShroudedKeyBag encrypted by
 * OpenSSL (PBES2: PBKDF2 with HMAC-SHA-256, AES-256-CBC), the certificates beside them, the whole under an
 * HMAC-SHA-256 integrity MAC (pkijs) keyed by the same passphrase.
 */
export async function toPkcs12(entries: KeystoreEntry[], passphrase: string): Promise<Buffer> {
  const bags: SafeBag[] = [];
  for (const entry of entries) {
    const keyId = randomBytes(20);
    if (entry.key) {
      const encrypted = createPrivateKey({ key: entry.key, format: 'der', type: 'pkcs8' }).export({
        type: 'pkcs8',
        format: 'der',
        cipher: 'aes-256-cbc',
        passphrase,
      });
      bags.push(
        new SafeBag({
          bagId: oids.keyBag,
          bagValue: PKCS8ShroudedKeyBag.fromBER(new Uint8Array(encrypted)),
          bagAttributes: attributes(entry.name, keyId),
        }),
      );
    }
    bags.push(
      new SafeBag({
        bagId: oids.certBag,
        bagValue: new CertBag({ parsedValue: Certificate.fromBER(new Uint8Array(entry.certificate)) }),
        bagAttributes: attributes(entry.name, keyId),
      }),
    );
  }
  const pfx = new PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new AuthenticatedSafe({
        parsedValue: { safeContents: [{ privacyMode: 0, value: new SafeContents({ safeBags: bags }) }] },
      }),
    },
  });
  await pfx.parsedValue?.authenticatedSafe?.makeInternalValues({ safeContents: [{}] });
  await pfx.makeInternalValues({
    password: passwordBytes(passphrase),
    iterations: macIterations,
    pbkdf2HashAlgorithm: { name: 'SHA-256' },
    hmacHashAlgorithm: 'SHA-256',
  });
  return Buffer.from(pfx.toSchema().toBER(false));
}

/** A refusal of a PKCS#12 file: not one, a wrong passphrase, or a part this reader does not take. */
export class KeystoreError extends Error {}

function attributeOf(bag: SafeBag, type: string): asn1js.AsnType | undefined {
  return bag.bagAttributes?.find((attribute) => attribute.type === type)?.values[0];
}

/**
 * Reads a PKCS#12 file under its passphrase: its integrity MAC checked first, each shrouded key opened
 * (by OpenSSL through Node), keys paired with certificates by localKeyId. Password-encrypted safes
 * (as `openssl pkcs12 -export` writes them) are read too.
 */
export async function fromPkcs12(file: Buffer, passphrase: string): Promise<KeystoreEntry[]> {
  let pfx: PFX;
  try {
    pfx = PFX.fromBER(new Uint8Array(file));
  } catch {
    throw new KeystoreError('the file is not a PKCS#12 file');
  }
  try {
    await pfx.parseInternalValues({ password: passwordBytes(passphrase), checkIntegrity: true });
  } catch {
    throw new KeystoreError('the passphrase is wrong, or the file was altered (its integrity check fails)');
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new KeystoreError('the PKCS#12 file has no password integrity');
  const password = passwordBytes(passphrase);
  await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password })) });
  const keys = new Map<string, Buffer>();
  const certificates: { keyId: string; name: string; der: Buffer }[] = [];
  for (const contents of safe.parsedValue?.safeContents ?? []) {
    for (const bag of contents.value.safeBags) {
      const keyId = Buffer.from(
        (attributeOf(bag, oids.localKeyId) as asn1js.OctetString | undefined)?.valueBlock.valueHexView ?? [],
      ).toString('hex');
      if (bag.bagId === oids.keyBag) {
        const encrypted = Buffer.from((bag.bagValue as PKCS8ShroudedKeyBag).toSchema().toBER(false));
        try {
          const key = createPrivateKey({ key: encrypted, format: 'der', type: 'pkcs8', passphrase });
          keys.set(keyId, key.export({ type: 'pkcs8', format: 'der' }));
        } catch {
          throw new KeystoreError('a private key of the file does not open with the passphrase');
        }
      } else if (bag.bagId === oids.certBag) {
        const certBag = bag.bagValue as CertBag;
        if (certBag.certId !== oids.x509Certificate) continue;
        const name = (attributeOf(bag, oids.friendlyName) as asn1js.BmpString | undefined)?.valueBlock.value ?? '';
        certificates.push({
          keyId,
          name,
          der: Buffer.from((certBag.parsedValue as Certificate).toSchema().toBER(false)),
        });
      }
    }
  }
  return certificates.map(({ keyId, name, der }) => ({ name, certificate: der, key: keys.get(keyId) }));
}
