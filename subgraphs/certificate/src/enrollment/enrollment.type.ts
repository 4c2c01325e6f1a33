import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { CertificateKindValue, CertificateType, CertificateUsageValue } from '../certificates/certificate.type';

@InputType('EnrollmentInput', { description: 'An approved application, as the RA sends it (RA-11).' })
export class EnrollmentInput {
  @Field(() => CertificateKindValue)
  kind!: CertificateKindValue;

  @Field(() => CertificateUsageValue)
  usage!: CertificateUsageValue;

  @Field(() => String, { description: 'Distinguished name, e.g. `CN=张三,O=某单位,C=CN`.' })
  subject!: string;

  @Field(() => [String], { nullable: true, description: 'DNS names (server certificates).' })
  dnsNames?: string[];

  @Field(() => String, { nullable: true })
  holderUserId?: string;

  @Field(() => Int, { nullable: true })
  validityDays?: number;

  @Field(() => String, { nullable: true })
  applicationReference?: string;
}

@ObjectType('EnrollmentCodes', {
  description: 'The codes of an enrollment; the authorization code is shown only here.',
})
export class EnrollmentCodesType {
  @Field(() => String)
  referenceCode!: string;

  @Field(() => String)
  authorizationCode!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => CertificateType, { description: 'The reserved certificate, in state NEW_APPLICATION.' })
  certificate!: CertificateType;
}

@ObjectType('RedeemedCertificate')
export class RedeemedCertificateType {
  @Field(() => CertificateType)
  certificate!: CertificateType;

  @Field(() => String, { description: 'The issued certificate, PEM.' })
  pem!: string;
}
