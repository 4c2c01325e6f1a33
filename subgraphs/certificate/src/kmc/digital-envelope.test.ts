import { randomBytes, webcrypto } from 'node:crypto';
import { ContentInfo, EnvelopedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { X509CertificateGenerator } from '@peculiar/x509';
import { openEnvelope, opensslAvailable } from '../testing/envelope-opener';
import { sealEnvelope } from './digital-envelope';

const recipients = [
  { name: 'RSA-2048', info: 'KeyTransRecipientInfo, RSA-OAEP', params: rsa(2048) },
  { name: 'P-256', info: 'KeyAgreeRecipientInfo, ECDH + AES key wrap', params: ec('P-256') },
  { name: 'P-384', info: 'KeyAgreeRecipientInfo, ECDH + AES key wrap', params: ec('P-384') },
];

describe.each(recipients)('digital envelope to a $name signing key ($info)', ({ params }) => {
  const test = opensslAvailable() ? it : it.skip;

  test('CT-1: openssl cms -decrypt opens it with the recipient key and gets the content back, byte for byte', async () => {
    const keys = (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const certificate = await X509CertificateGenerator.createSelfSigned({
      name: 'CN=Envelope Recipient',
      keys,
      signingAlgorithm: params,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const content = randomBytes(1200);
    const envelope = sealEnvelope(Buffer.from(certificate.rawData), content);

    const info = AsnConvert.parse(envelope.der, ContentInfo);
    expect(info.contentType).toBe('1.2.840.113549.1.7.3');
    const enveloped = AsnConvert.parse(info.content, EnvelopedData);
    expect(enveloped.encryptedContentInfo.contentEncryptionAlgorithm.algorithm).toBe('2.16.840.1.101.3.4.1.42');
    expect(envelope.der.includes(content.subarray(0, 32))).toBe(false);

    const opened = await openEnvelope(envelope.pem, Buffer.from(certificate.rawData), keys.privateKey);
    expect(opened.equals(content)).toBe(true);
  });

  test('CT-1: another key of the same kind cannot open it', async () => {
    const keys = (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const stranger = (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const certificate = await X509CertificateGenerator.createSelfSigned({
      name: 'CN=Envelope Recipient',
      keys,
      signingAlgorithm: params,
    });
    const envelope = sealEnvelope(Buffer.from(certificate.rawData), Buffer.from('secret'));
    await expect(openEnvelope(envelope.pem, Buffer.from(certificate.rawData), stranger.privateKey)).rejects.toThrow(
      /openssl cms -decrypt failed/,
    );
  });
});

function rsa(modulusLength: number) {
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
}

function ec(namedCurve: 'P-256' | 'P-384') {
  return { name: 'ECDSA', namedCurve, hash: namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256' };
}
