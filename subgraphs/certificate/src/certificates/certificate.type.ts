import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum CertificateKindValue {
  PERSONAL = 'personal',
  ORGANIZATION = 'organization',
  SERVER = 'server',
}
registerEnumType(CertificateKindValue, { name: 'CertificateKind', description: 'Who the certificate is for (CT-1).' });

export enum CertificateUsageValue {
  SIGNING = 'signing',
  ENCRYPTION = 'encryption',
}
registerEnumType(CertificateUsageValue, { name: 'CertificateUsage', description: 'Signing or encryption (CT-1).' });

@ObjectType('Certificate', { description: 'An X.509 certificate issued by the Tessera CA.' })
@Directive('@key(fields: "id")')
export class CertificateType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Serial number, hexadecimal.' })
  serialNumber?: string;

  @Field(() => String, { nullable: true, description: 'Subject distinguished name.' })
  subject?: string;

  @Field(() => CertificateKindValue, { nullable: true })
  kind?: CertificateKindValue;

  @Field(() => CertificateUsageValue, { nullable: true })
  usage?: CertificateUsageValue;

  @Field(() => Date, { nullable: true })
  notBefore?: Date;

  @Field(() => Date, { nullable: true })
  notAfter?: Date;

  /** Not a GraphQL field: who may see the certificate's private details. */
  holderUserId?: string;
}
