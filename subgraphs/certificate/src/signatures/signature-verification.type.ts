import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CertificateKindValue } from '../certificates/certificate.type';

export enum SignaturePurposeValue {
  CONTENT_COMMITMENT = 'contentCommitment',
  DIGITAL_SIGNATURE = 'digitalSignature',
}
registerEnumType(SignaturePurposeValue, {
  name: 'SignaturePurpose',
  description:
    'What the signature commits to: CONTENT_COMMITMENT needs the key usage nonRepudiation, DIGITAL_SIGNATURE digitalSignature.',
});

export enum SignatureDigestValue {
  SHA256 = 'sha256',
  SHA384 = 'sha384',
  SHA512 = 'sha512',
  SM3 = 'sm3',
}
registerEnumType(SignatureDigestValue, { name: 'SignatureDigest', description: 'The digest of a raw signature.' });

export enum SigningTimeSourceValue {
  TIMESTAMP = 'timestamp',
  SIGNING_TIME_UNVERIFIED = 'signingTimeUnverified',
  NONE = 'none',
}
registerEnumType(SigningTimeSourceValue, {
  name: 'SigningTimeSource',
  description:
    "Where the signing time came from: a signature time-stamp token (verified), the signer's own signingTime attribute (unverified), or none (the status is checked now).",
});

export enum SignerRevocationStatusValue {
  ACTIVE = 'active',
  ON_HOLD = 'onHold',
  REVOKED = 'revoked',
}
registerEnumType(SignerRevocationStatusValue, { name: 'SignerRevocationStatus' });

@InputType('VerifySignatureInput', {
  description:
    'Exactly one of `signedData` (CMS/PKCS#7 SignedData) or `signature` (raw, with `certificate`); `content` is the signed data when it is not inside the SignedData.',
})
export class VerifySignatureInput {
  @Field(() => String, { nullable: true, description: 'CMS/PKCS#7 SignedData: base64 of the DER, or PEM.' })
  signedData?: string;

  @Field(() => String, {
    nullable: true,
    description: 'A raw signature, base64: RSA PKCS#1 v1.5, ECDSA (DER or r‖s) or SM3withSM2 (GM/T 0009).',
  })
  signature?: string;

  @Field(() => String, {
    nullable: true,
    description: "The signer's certificate of a raw signature: PEM or base64 DER.",
  })
  certificate?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The signed content, base64 (detached SignedData or raw signature).',
  })
  content?: string;

  @Field(() => SignatureDigestValue, {
    nullable: true,
    description: 'The digest of a raw signature; SM3 for an SM2 key, SHA-256 otherwise when absent.',
  })
  digestAlgorithm?: SignatureDigestValue;

  @Field(() => SignaturePurposeValue, { defaultValue: SignaturePurposeValue.CONTENT_COMMITMENT })
  purpose!: SignaturePurposeValue;
}

@ObjectType('SignatureSigner', { description: "The signer, from the certificate and the RA's data (GM/T 0015)." })
export class SignatureSignerType {
  @Field(() => ID)
  certificateId!: string;

  @Field(() => String)
  certificateSerial!: string;

  @Field(() => String)
  subject!: string;

  @Field(() => CertificateKindValue)
  kind!: CertificateKindValue;

  @Field(() => String, { nullable: true, description: "The unit's name (an organization certificate)." })
  unitName?: string;

  @Field(() => String, { nullable: true, description: 'Social-insurance number (社保编号).' })
  insuranceNumber?: string;

  @Field(() => String, { nullable: true, description: 'Unified social credit code (统一社会信用代码).' })
  creditCode?: string;

  @Field(() => String, { description: 'e.g. SHA256withECDSA, SHA256withRSA, SM3withSM2.' })
  signatureAlgorithm!: string;

  @Field(() => String, { description: 'The CA hierarchy: international or sm2.' })
  hierarchy!: string;

  @Field(() => Date)
  notBefore!: Date;

  @Field(() => Date)
  notAfter!: Date;
}

@ObjectType('SignerRevocation', {
  description: "The certificate's status now: a signature made before a revocation still verifies.",
})
export class SignerRevocationType {
  @Field(() => SignerRevocationStatusValue)
  status!: SignerRevocationStatusValue;

  @Field(() => Date, { nullable: true, description: 'When it was revoked or put on hold.' })
  revokedAt?: Date;

  @Field(() => String, { nullable: true, description: 'The RFC 5280 reason.' })
  reason?: string;
}

@ObjectType('SignatureVerificationResult', {
  description: 'The answer of verifySignature: valid, or a catalogue code and its message; always stored.',
})
export class SignatureVerificationResultType {
  @Field(() => ID, { description: 'The stored verification record.' })
  verificationId!: string;

  @Field(() => Boolean)
  valid!: boolean;

  @Field(() => String, { nullable: true, description: 'Why not: a catalogue code, e.g. SIGNATURE_DIGEST_MISMATCH.' })
  code?: string;

  @Field(() => String, { nullable: true, description: "CT-6's client error code, e.g. -10101039 (expired)." })
  clientErrorCode?: string;

  @Field(() => String, { nullable: true, description: "The code's message in the request's language." })
  message?: string;

  @Field(() => SignatureSignerType, { nullable: true })
  signer?: SignatureSignerType;

  @Field(() => Date, { nullable: true })
  signingTime?: Date;

  @Field(() => SigningTimeSourceValue)
  signingTimeSource!: SigningTimeSourceValue;

  @Field(() => SignerRevocationType, { nullable: true })
  revocation?: SignerRevocationType;

  @Field(() => String, { nullable: true, description: 'SHA-256, SHA-384, SHA-512 or SM3.' })
  digestAlgorithm?: string;

  @Field(() => Date)
  verifiedAt!: Date;
}

@ObjectType('SignatureVerification', { description: 'A stored call of verifySignature (auditors, administrators).' })
export class SignatureVerificationType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The principal kind: system or staff.' })
  requesterKind!: string;

  @Field(() => String, { description: "A business system's code, or a staff user id." })
  requester!: string;

  @Field(() => Date)
  requestedAt!: Date;

  @Field(() => String, { nullable: true, description: 'cms or raw; null when the input could not be read.' })
  form?: string;

  @Field(() => String, { description: 'SHA-256 (hex) of the input.' })
  inputDigest!: string;

  @Field(() => Boolean)
  valid!: boolean;

  @Field(() => String, { nullable: true })
  code?: string;

  @Field(() => ID, { nullable: true })
  certificateId?: string;

  @Field(() => String, { nullable: true })
  certificateSerial?: string;

  @Field(() => Date, { nullable: true })
  signingTime?: Date;

  @Field(() => SigningTimeSourceValue, { nullable: true })
  signingTimeSource?: SigningTimeSourceValue;
}

@ObjectType('SignatureVerificationPage')
export class SignatureVerificationPageType {
  @Field(() => Int)
  total!: number;

  @Field(() => [SignatureVerificationType])
  verifications!: SignatureVerificationType[];
}
