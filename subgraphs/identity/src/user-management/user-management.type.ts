import { Field, ID, InputType, ObjectType } from 'type-graphql';

@InputType('UserSearchInput', {
  description: 'Exact matches (ID-18); numbers are looked up through their keyed index.',
})
export class UserSearchInput {
  @Field(() => String, { nullable: true })
  username?: string;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  phone?: string;

  @Field(() => String, { nullable: true, description: 'Defaults to RESIDENT_ID_CARD.' })
  idType?: string;

  @Field(() => String, { nullable: true })
  idNumber?: string;
}

@ObjectType('SignInRecord', { description: 'One sign-in attempt on an account (ID-18).' })
export class SignInRecordType {
  @Field(() => Date)
  at!: Date;

  @Field(() => String)
  method!: string;

  @Field(() => String, { description: 'success, wrong_password or locked.' })
  outcome!: string;
}

@ObjectType('AdminActionRecord', {
  description: 'One management action on an account (ID-18) or a business system (ID-17), with who did it.',
})
export class AdminActionRecordType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  actorId!: string;

  @Field(() => String)
  action!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What the action concerned: a searched field, or the changes of a business system (JSON).',
  })
  detail?: string;

  @Field(() => Date)
  at!: Date;
}

@ObjectType('VerificationRecord', { description: 'One bank check of an account (ID-18 verification history).' })
export class VerificationRecordType {
  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: 'registration or profile_change.' })
  reason!: string;

  @Field(() => String)
  bankCode!: string;

  @Field(() => String)
  outcome!: string;
}
