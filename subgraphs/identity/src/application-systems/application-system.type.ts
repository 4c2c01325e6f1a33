import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IdTypeValue } from '../registration/registration.type';

export enum ApplicationSystemStatusValue {
  ACTIVE = 'active',
  SUSPENDED = 'suspended',
  RETIRED = 'retired',
}
registerEnumType(ApplicationSystemStatusValue, { name: 'ApplicationSystemStatus' });

@ObjectType('ApplicationSystem', { description: 'A business system relying on the unified authentication (ID-17).' })
export class ApplicationSystemType {
  @Field(() => ID, { description: 'Also its OAuth2 client id.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  owner!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => ApplicationSystemStatusValue)
  status!: ApplicationSystemStatusValue;

  @Field(() => Date, { nullable: true })
  secretIssuedAt?: Date;
}

@ObjectType('ApplicationSystemCredentials', { description: 'The client secret is shown this once.' })
export class ApplicationSystemCredentialsType {
  @Field(() => ApplicationSystemType)
  system!: ApplicationSystemType;

  @Field(() => String)
  clientSecret!: string;
}

@InputType('ApplicationSystemInput')
export class ApplicationSystemInput {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  owner!: string;

  @Field(() => [String])
  scopes!: string[];
}

@ObjectType('VerifiedIdentity', { description: 'A person as a business system sees them (ID-17).' })
export class VerifiedIdentityType {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  verifiedName!: string;

  @Field(() => IdTypeValue, { nullable: true })
  idType?: IdTypeValue;

  @Field(() => String, { nullable: true })
  idNumberMasked?: string;

  @Field(() => Date, { nullable: true })
  verifiedAt?: Date;

  @Field(() => String, { nullable: true })
  verificationMethod?: string;
}

@ObjectType('IdentityLookup', { description: 'One resolution of a person by a business system (audit).' })
export class IdentityLookupType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  systemCode!: string;

  @Field(() => String)
  lookupBy!: string;

  @Field(() => ID, { nullable: true })
  userId?: string;

  @Field(() => Boolean)
  found!: boolean;

  @Field(() => Date)
  at!: Date;
}
