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

export enum CertificateStateValue {
  NEW_APPLICATION = 'newApplication',
  IN_USE = 'inUse',
  CANCELLED = 'cancelled',
  SUSPENDED = 'suspended',
  REVOKED = 'revoked',
}
registerEnumType(CertificateStateValue, {
  name: 'CertificateState',
  description:
    'CT-2: 新申请 / 证书使用中 / 证书注销 (expired or not yet valid) / suspended / revoked; computed when asked.',
});

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

  @Field(() => CertificateStateValue, { nullable: true, description: 'Derived from validity and revocation (CT-2).' })
  state?: CertificateStateValue;

  @Field(() => Date, {
    nullable: true,
    description: 'When the current suspension began (RA-5); null unless suspended. Holder and staff only.',
  })
  suspendedAt?: Date | null;

  /** Not a GraphQL field: who may see the certificate's private details. */
  holderUserId?: string;

  /** Not a GraphQL field: the CA that signed it (its hierarchy is the `hierarchy` field); none before issuance. */
  authorityId?: string | null;
}
