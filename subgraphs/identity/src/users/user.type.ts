import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum AccountKindValue {
  CITIZEN = 'citizen',
  STAFF = 'staff',
  UNIT = 'unit',
}
registerEnumType(AccountKindValue, {
  name: 'AccountKind',
  description: 'A citizen, a staff member, or an insured unit (signs in with its certificates, issue 15).',
});

@ObjectType('User', { description: 'A Tessera account: one per real person, or a staff member.' })
@Directive('@key(fields: "id")')
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Sign-in name; visible to the user and to staff.' })
  username?: string;

  @Field(() => String, { nullable: true, description: 'Name shown in the clients.' })
  displayName?: string;

  @Field(() => AccountKindValue, { nullable: true })
  kind?: AccountKindValue;

  @Field(() => Date, { nullable: true })
  createdAt?: Date;

  @Field(() => String, { nullable: true, description: 'ID document type (ID-8: the number is only shown masked).' })
  idType?: string;

  @Field(() => String, { nullable: true, description: 'e.g. 4403**********1239.' })
  idNumberMasked?: string;

  @Field(() => String, { nullable: true, description: 'Partner bank of the verifying card.' })
  bankCode?: string;

  @Field(() => String, { nullable: true, description: 'e.g. 6222 **** **** 1230.' })
  cardNumberMasked?: string;

  @Field(() => String, { nullable: true, description: 'e.g. 138****8000.' })
  phoneMasked?: string;

  @Field(() => Date, { nullable: true, description: 'When the bank last confirmed the four elements (ID-3).' })
  verifiedAt?: Date;

  @Field(() => String, { nullable: true })
  verificationMethod?: string;

  @Field(() => Boolean, { nullable: true, description: 'Locked by an administrator (ID-18); a unit: disabled.' })
  locked?: boolean;

  @Field(() => String, { nullable: true, description: 'A unit: its social-insurance number (社保编号).' })
  unitInsuranceNumber?: string;

  @Field(() => String, { nullable: true, description: 'A unit: its unified social credit code.' })
  unitCreditCode?: string;
}
