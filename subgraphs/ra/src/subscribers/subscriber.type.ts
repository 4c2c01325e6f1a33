import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Subscriber', { description: 'An insured unit or person holding certificates (订户).' })
export class SubscriberType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: '`unit` or `person`.' })
  kind?: string;

  @Field(() => String, { nullable: true, description: '社保编号.' })
  socialInsuranceNumber?: string;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  creditCode?: string | null;

  @Field(() => String, { nullable: true })
  organizationCode?: string | null;

  @Field(() => String, { nullable: true })
  contactName?: string;

  @Field(() => String, { nullable: true })
  contactPhone?: string;

  @Field(() => String, { nullable: true })
  region?: string;

  @Field(() => String, { nullable: true, description: 'The supervising social-insurance agency.' })
  agency?: string;

  /** Not a GraphQL field: whose record it is. */
  userId?: string | null;
}
