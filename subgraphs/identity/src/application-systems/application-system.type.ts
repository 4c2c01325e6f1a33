import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IdTypeValue } from '../registration/registration.type';

export enum ApplicationSystemStatusValue {
  ACTIVE = 'active',
  SUSPENDED = 'suspended',
  RETIRED = 'retired',
}
registerEnumType(ApplicationSystemStatusValue, { name: 'ApplicationSystemStatus' });

export enum ClientAuthMethodValue {
  CLIENT_SECRET_BASIC = 'client_secret_basic',
  CLIENT_SECRET_POST = 'client_secret_post',
  PRIVATE_KEY_JWT = 'private_key_jwt',
  NONE = 'none',
}
registerEnumType(ClientAuthMethodValue, {
  name: 'ClientAuthMethod',
  description: 'How a business system authenticates at the token endpoint; NONE: a public client (PKCE), no secret.',
});

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

  @Field(() => [String], { description: 'Where users may be sent back after signing in: exact URIs.' })
  redirectUris!: string[];

  @Field(() => [String], { description: 'Where users may be sent after signing out from the system.' })
  postLogoutRedirectUris!: string[];

  @Field(() => String, { nullable: true, description: 'Back-channel logout: where logout tokens are posted.' })
  backchannelLogoutUri?: string | null;

  @Field(() => ClientAuthMethodValue)
  tokenEndpointAuthMethod!: ClientAuthMethodValue;

  @Field(() => String, { nullable: true, description: 'private_key_jwt: the URL of the public keys.' })
  jwksUri?: string | null;

  @Field(() => String, { nullable: true, description: 'private_key_jwt: the public keys (JWKS), as JSON text.' })
  jwks?: string | null;

  @Field(() => Boolean, { description: 'Only users with a verified real name may sign in.' })
  requiresRealName!: boolean;

  @Field(() => Boolean, { description: 'Users confirm what the system receives (the bureau’s own systems skip it).' })
  consentRequired!: boolean;

  @Field(() => Boolean, { description: 'The system sees its own user identifier (pairwise subject).' })
  pairwiseSubject!: boolean;

  @Field(() => Int)
  accessTokenTtlSeconds!: number;

  @Field(() => Int)
  idTokenTtlSeconds!: number;

  @Field(() => Int, { description: '0: no refresh tokens.' })
  refreshTokenTtlSeconds!: number;
}

@ObjectType('ApplicationSystemCredentials', { description: 'The client secret is shown this once.' })
export class ApplicationSystemCredentialsType {
  @Field(() => ApplicationSystemType)
  system!: ApplicationSystemType;

  @Field(() => String, { nullable: true, description: 'None for a public client.' })
  clientSecret?: string | null;
}

/**
 * The OpenID Connect client settings an administrator gives (left out: the default, or unchanged);
 * unused by the graph itself, its fields are those of the two inputs below.
 */
@InputType('ClientSettingsInput')
class ClientSettingsFields {
  @Field(() => [String], { nullable: true })
  redirectUris?: string[];

  @Field(() => [String], { nullable: true })
  postLogoutRedirectUris?: string[];

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  backchannelLogoutUri?: string | null;

  @Field(() => ClientAuthMethodValue, { nullable: true })
  tokenEndpointAuthMethod?: ClientAuthMethodValue;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  jwksUri?: string | null;

  @Field(() => String, { nullable: true, description: 'JSON text of a JWK set of public keys; null clears it.' })
  jwks?: string | null;

  @Field(() => Boolean, { nullable: true })
  requiresRealName?: boolean;

  @Field(() => Boolean, { nullable: true })
  consentRequired?: boolean;

  @Field(() => Boolean, { nullable: true })
  pairwiseSubject?: boolean;

  @Field(() => Int, { nullable: true, description: '60 to 3600.' })
  accessTokenTtlSeconds?: number;

  @Field(() => Int, { nullable: true, description: '60 to 3600.' })
  idTokenTtlSeconds?: number;

  @Field(() => Int, { nullable: true, description: '0 (no refresh tokens) to 2592000 (30 days).' })
  refreshTokenTtlSeconds?: number;
}

@InputType('ApplicationSystemInput')
export class ApplicationSystemInput extends ClientSettingsFields {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  owner!: string;

  @Field(() => [String])
  scopes!: string[];
}

@InputType('ApplicationSystemUpdateInput', { description: 'What is left out stays as it is.' })
export class ApplicationSystemUpdateInput extends ClientSettingsFields {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  owner?: string;

  @Field(() => [String], { nullable: true })
  scopes?: string[];
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
