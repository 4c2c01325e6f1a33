import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { CertificateType } from '../certificates/certificate.type';
import { UserType } from '../users/user.type';

export enum BusinessTypeValue {
  NEW = 'new',
  RENEWAL = 'renewal',
  CHANGE = 'change',
  REVOCATION = 'revocation',
  SUSPENSION = 'suspension',
  RELEASE = 'release',
  UNLOCK = 'unlock',
  LOST_REISSUE = 'lost_reissue',
  DAMAGED_REPLACEMENT = 'damaged_replacement',
}
registerEnumType(BusinessTypeValue, {
  name: 'BusinessType',
  description: 'What the application asks for (RA-1..RA-8).',
});

@ObjectType('CertificateApplication', { description: 'A certificate application handled by the RA.' })
@Directive('@key(fields: "id")')
export class CertificateApplicationType {
  @Field(() => ID)
  id!: string;

  @Field(() => BusinessTypeValue, { nullable: true })
  businessType?: BusinessTypeValue;

  @Field(() => String, { nullable: true, description: 'Where the application stands in the workflow.' })
  state?: string;

  @Field(() => Date, { nullable: true })
  createdAt?: Date;

  @Field(() => UserType, { nullable: true, description: 'The person who applied.' })
  applicant?: UserType | null;

  @Field(() => CertificateType, { nullable: true, description: 'The certificate it produced or acts on.' })
  certificate?: CertificateType | null;
}
