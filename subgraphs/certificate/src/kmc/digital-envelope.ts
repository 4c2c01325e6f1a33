import {
  constants,
  createCipheriv,
  createHash,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import {
  CMSVersion,
  ContentInfo,
  EncryptedContent,
  EncryptedContentInfo,
  EnvelopedData,
  IssuerAndSerialNumber,
  id_data,
  id_envelopedData,
  KeyAgreeRecipientIdentifier,
  KeyAgreeRecipientInfo,
  KeyTransRecipientInfo,
  OriginatorIdentifierOrKey,
  OriginatorPublicKey,
  RecipientEncryptedKey,
  RecipientEncryptedKeys,
  RecipientIdentifier,
  RecipientInfo,
  RecipientInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, AsnProp, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate as AsnCertificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { PemConverter } from '@peculiar/x509';
import { sm2KeyFromPkcs8, sm2PublicKeyOfSpki } from '../keys/sm2/sm2-key';
import { sealSm2EnvelopedKey } from './sm2-enveloped-key';

const oid = {
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes256Wrap: '2.16.840.1.101.3.4.1.45',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  sha256: '2.16.840.1.101.3.4.2.1',
  /** RFC 5753 dhSinglePass-stdDH-sha256kdf-scheme and -sha384kdf-scheme. */
  ecdhSha256Kdf: '1.3.132.1.11.1',
  ecdhSha384Kdf: '1.3.132.1.11.2',
} as const;

/** RSAES-OAEP-params (RFC 4055 §4.1) with SHA-256 for both the hash and MGF1; the label stays empty. */
@AsnType({ type: AsnTypeTypes.Sequence })
class RsaesOaepParams {
  @AsnProp({ type: AlgorithmIdentifier, context: 0 })
  hashAlgorithm = new AlgorithmIdentifier({ algorithm: oid.sha256 });

  @AsnProp({ type: AlgorithmIdentifier, context: 1 })
  maskGenAlgorithm = new AlgorithmIdentifier({
    algorithm: oid.mgf1,
    parameters: AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: oid.sha256 })),
  });
}

/** ECC-CMS-SharedInfo (RFC 5753 §7.2): the KDF input beside the shared secret. */
@AsnType({ type: AsnTypeTypes.Sequence })
class EccCmsSharedInfo {
  @AsnProp({ type: AlgorithmIdentifier })
  keyInfo = new AlgorithmIdentifier();

  @AsnProp({ type: OctetString, context: 2 })
  suppPubInfo = new OctetString();

  constructor(params: Partial<EccCmsSharedInfo> = {}) {
    Object.assign(this, params);
  }
}

/** A digital envelope, DER and PEM. */
export interface DigitalEnvelope {
  /**
   * `cms`: a CMS EnvelopedData in a ContentInfo, PEM-labelled `CMS` as `openssl cms -inform PEM` reads it;
   * `sm2-enveloped-key`: GM/T 0009's SM2EnvelopedKey (SM2 EKeys import it), PEM-labelled `SM2 ENVELOPED KEY`.
   */
  format: 'cms' | 'sm2-enveloped-key';
  der: Buffer;
  pem: string;
}

/**
 * Seals a private key (PKCS#8 DER) so that only the holder of the private key of
 * `recipientCertificate` opens it: to an SM2 recipient, the key must be an SM2 key and travels in
 * GM/T 0009's SM2EnvelopedKey (`sm2-enveloped-key.ts`); to an RSA or EC recipient, in CMS (below).
 */
export function sealEnvelope(recipientCertificate: Buffer, pkcs8: Buffer): DigitalEnvelope {
  const certificate = AsnConvert.parse(recipientCertificate, AsnCertificate);
  const recipientSm2Key = sm2PublicKeyOfSpki(
    Buffer.from(AsnConvert.serialize(certificate.tbsCertificate.subjectPublicKeyInfo)),
  );
  if (recipientSm2Key) {
    const delivered = sm2KeyFromPkcs8(pkcs8);
    if (!delivered) throw new Error('an SM2 signing key receives SM2 encryption keys only');
    const der = sealSm2EnvelopedKey(recipientSm2Key, delivered);
    return { format: 'sm2-enveloped-key', der, pem: pemOf(der, 'SM2 ENVELOPED KEY') };
  }
  return sealCms(certificate, pkcs8);
}

const pemOf = (der: Buffer, label: string) => `${PemConverter.encode(new Uint8Array(der).buffer, label)}\n`;

/**
 * Seals `content` in a CMS EnvelopedData (RFC 5652) that only the holder of the private key of
 * `certificate` opens: AES-256-CBC content under a random key, that key carried by RSA-OAEP
 * (SHA-256) for an RSA recipient, or by ephemeral-static ECDH with the X9.63 KDF and AES-256 key
 * wrap (RFC 5753) for an EC one. The recipient is named by issuer and serial number.
 */
function sealCms(certificate: AsnCertificate, content: Buffer): DigitalEnvelope {
  const recipient = new IssuerAndSerialNumber({
    issuer: certificate.tbsCertificate.issuer,
    serialNumber: certificate.tbsCertificate.serialNumber,
  });
  const publicKey = createPublicKey({
    key: Buffer.from(AsnConvert.serialize(certificate.tbsCertificate.subjectPublicKeyInfo)),
    format: 'der',
    type: 'spki',
  });
  const contentKey = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', contentKey, iv);
  const ciphertext = Buffer.concat([cipher.update(content), cipher.final()]);

  const recipientInfo =
    publicKey.asymmetricKeyType === 'rsa'
      ? new RecipientInfo({ ktri: keyTransport(publicKey, recipient, contentKey) })
      : new RecipientInfo({ kari: keyAgreement(publicKey, recipient, contentKey) });
  const envelopedData = new EnvelopedData({
    // RFC 5652 §6.1: version 2 when a KeyAgreeRecipientInfo (version 3) is present, else 0.
    version: recipientInfo.kari ? CMSVersion.v2 : CMSVersion.v0,
    recipientInfos: new RecipientInfos([recipientInfo]),
    encryptedContentInfo: new EncryptedContentInfo({
      contentType: id_data,
      contentEncryptionAlgorithm: new AlgorithmIdentifier({
        algorithm: oid.aes256Cbc,
        parameters: AsnConvert.serialize(new OctetString(iv)),
      }),
      encryptedContent: new EncryptedContent({ value: new OctetString(ciphertext) }),
    }),
  });
  const der = Buffer.from(
    AsnConvert.serialize(
      new ContentInfo({ contentType: id_envelopedData, content: AsnConvert.serialize(envelopedData) }),
    ),
  );
  return { format: 'cms', der, pem: pemOf(der, 'CMS') };
}

function keyTransport(publicKey: KeyObject, rid: IssuerAndSerialNumber, contentKey: Buffer): KeyTransRecipientInfo {
  const encryptedKey = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    contentKey,
  );
  return new KeyTransRecipientInfo({
    version: CMSVersion.v0,
    rid: new RecipientIdentifier({ issuerAndSerialNumber: rid }),
    keyEncryptionAlgorithm: new AlgorithmIdentifier({
      algorithm: oid.rsaesOaep,
      parameters: AsnConvert.serialize(new RsaesOaepParams()),
    }),
    encryptedKey: new OctetString(encryptedKey),
  });
}

function keyAgreement(publicKey: KeyObject, rid: IssuerAndSerialNumber, contentKey: Buffer): KeyAgreeRecipientInfo {
  const namedCurve = publicKey.asymmetricKeyDetails?.namedCurve ?? 'prime256v1';
  const hash = namedCurve === 'secp384r1' ? 'sha384' : 'sha256';
  const ephemeral = generateKeyPairSync('ec', { namedCurve });
  const sharedSecret = diffieHellman({ privateKey: ephemeral.privateKey, publicKey });
  const wrap = new AlgorithmIdentifier({ algorithm: oid.aes256Wrap });
  const sharedInfo = AsnConvert.serialize(
    new EccCmsSharedInfo({ keyInfo: wrap, suppPubInfo: new OctetString(uint32(256)) }),
  );
  // ANSI X9.63 KDF: one block of the hash gives the 256-bit key-encryption key.
  const keyEncryptionKey = createHash(hash)
    .update(sharedSecret)
    .update(uint32(1))
    .update(Buffer.from(sharedInfo))
    .digest()
    .subarray(0, 32);
  const wrapper = createCipheriv('id-aes256-wrap', keyEncryptionKey, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
  const wrapped = Buffer.concat([wrapper.update(contentKey), wrapper.final()]);
  const ephemeralKey = AsnConvert.parse(
    ephemeral.publicKey.export({ type: 'spki', format: 'der' }),
    SubjectPublicKeyInfo,
  );
  return new KeyAgreeRecipientInfo({
    version: CMSVersion.v3,
    originator: new OriginatorIdentifierOrKey({
      originatorKey: new OriginatorPublicKey({
        algorithm: ephemeralKey.algorithm,
        publicKey: ephemeralKey.subjectPublicKey,
      }),
    }),
    keyEncryptionAlgorithm: new AlgorithmIdentifier({
      algorithm: hash === 'sha384' ? oid.ecdhSha384Kdf : oid.ecdhSha256Kdf,
      parameters: AsnConvert.serialize(wrap),
    }),
    recipientEncryptedKeys: new RecipientEncryptedKeys([
      new RecipientEncryptedKey({
        rid: new KeyAgreeRecipientIdentifier({ issuerAndSerialNumber: rid }),
        encryptedKey: new OctetString(wrapped),
      }),
    ]),
  });
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}
