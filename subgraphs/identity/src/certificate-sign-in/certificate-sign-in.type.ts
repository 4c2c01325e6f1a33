import { UUID } from '@tessera/kit';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('CertificateChallenge', {
  description:
    'Issue 15: what a certificate sign-in signs. Single use, valid two minutes, bound to the sign-in it was issued for.',
})
export class CertificateChallengeType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    description:
      'Base64 of the exact bytes to sign (UTF-8 text whose first line names Tessera and the purpose). RSA keys sign RSASSA-PKCS1-v1_5 with SHA-256, P-256 keys ECDSA with SHA-256 (DER or raw r‖s, as WebCrypto gives it), SM2 keys SM3withSM2 with the GM/T 0009 default id (DER or raw r‖s).',
  })
  challenge!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

@InputType('CertificateSignInInput', {
  description: 'Issue 15: a signed challenge and the certificate that signed it.',
})
export class CertificateSignInInput {
  @Field(() => UUID, { description: 'The `id` of the challenge signed.' })
  challengeId!: string;

  @Field(() => String, { description: 'The signing certificate: base64 DER or PEM.' })
  certificate!: string;

  @Field(() => String, { description: 'Base64 of the signature over the challenge bytes.' })
  signature!: string;
}

@ObjectType('CertificateSignInPinOutcome', {
  description: "Issue 15, CT-3: the platform's EKey record after a PIN attempt reported during a certificate sign-in.",
})
export class EKeyPinOutcomeType {
  @Field(() => Boolean, { description: 'The fifth wrong PIN in a row locked the EKey; only the RA unlocks it (RA-6).' })
  locked!: boolean;

  @Field(() => Int)
  remainingAttempts!: number;
}
