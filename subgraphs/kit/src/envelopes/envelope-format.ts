import { registerEnumType } from 'type-graphql';

/**
 * How the key management centre envelopes a dual certificate's encryption key to the signing key
 * (CT-1, issue 14). One definition for the certificate subgraph (its deliveries) and the RA (the
 * issuing clerk's copy), so that federation composes one `EnvelopeFormat`.
 */
export enum EnvelopeFormatValue {
  CMS = 'cms',
  SM2_ENVELOPED_KEY = 'sm2-enveloped-key',
}

registerEnumType(EnvelopeFormatValue, {
  name: 'EnvelopeFormat',
  description: 'How a delivered private key is enveloped to the signing key.',
  valuesConfig: {
    CMS: {
      description: 'CMS EnvelopedData (RFC 5652) of the PKCS#8 key, PEM labelled `CMS`: RSA and ECDSA signing keys.',
    },
    SM2_ENVELOPED_KEY: {
      description:
        'SM2EnvelopedKey (GM/T 0009 §7.4: SM4 key SM2-encrypted to the signing key, the SM2 key pair under SM4), PEM labelled `SM2 ENVELOPED KEY`: SM2 signing keys, as SM2 EKeys import it.',
    },
  },
});
