import { Field, ID, InputType, ObjectType } from 'type-graphql';

@InputType('SignInCertificateInput', {
  description: 'Issue 15: what a certificate sign-in presents, as identity received it from the client.',
})
export class SignInCertificateInput {
  @Field(() => String, { description: 'The signing certificate: base64 DER or PEM.' })
  certificate!: string;

  @Field(() => String, { description: 'Base64 of the exact challenge bytes identity issued.' })
  challenge!: string;

  @Field(() => String, {
    description:
      'Base64 signature over the challenge: RSA PKCS#1 v1.5 with SHA-256, ECDSA with SHA-256 (DER or raw r‖s), or SM3withSM2 (GM/T 0009 default id; DER or raw r‖s).',
  })
  signature!: string;
}

@ObjectType('SignInSubscriber', {
  description: 'Issue 15: the subscriber of a certificate that passed the sign-in check (CT-1).',
})
export class SignInSubscriberType {
  @Field(() => ID)
  certificateId!: string;

  @Field(() => String)
  serialNumber!: string;

  @Field(() => String, { description: '`personal` or `organization`.' })
  kind!: string;

  @Field(() => String)
  subject!: string;

  @Field(() => String)
  hierarchy!: string;

  @Field(() => Date)
  notAfter!: Date;

  @Field(() => ID, { nullable: true, description: 'A personal certificate: the identity account of its holder.' })
  holderUserId?: string | null;

  @Field(() => String, { nullable: true, description: 'Social-insurance number (社保编号) of the person or unit.' })
  insuranceNumber?: string | null;

  @Field(() => String, { nullable: true, description: "An organization certificate: the unit's credit code." })
  creditCode?: string | null;

  @Field(() => String, { nullable: true, description: "An organization certificate: the unit's name." })
  unitName?: string | null;
}
