import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum BackchannelLogoutState {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  ABANDONED = 'ABANDONED',
}
registerEnumType(BackchannelLogoutState, {
  name: 'BackchannelLogoutState',
  description: 'PENDING (queued or retrying), DELIVERED, or ABANDONED after the last retry.',
});

@ObjectType('BackchannelLogout', {
  description: 'A logout token owed to a business system after a session ended (OIDC Back-Channel Logout).',
})
export class BackchannelLogoutType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The business system (its client id).' })
  systemCode!: string;

  @Field(() => String, { description: 'Why the session ended.' })
  reason!: string;

  @Field(() => BackchannelLogoutState)
  state!: BackchannelLogoutState;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (pending only).' })
  nextAttemptAt?: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'What the last failed attempt answered.' })
  lastError?: string | null;
}

@ObjectType('IssuedSystemToken', { description: 'One token response to a business system (audit).' })
export class IssuedTokenType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  systemCode!: string;

  @Field(() => String, { description: 'authorization_code, refresh_token or client_credentials.' })
  grantType!: string;

  @Field(() => ID, { nullable: true, description: 'The user the tokens speak for.' })
  userId?: string | null;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => [String], { description: 'Which tokens: access_token, id_token, refresh_token.' })
  tokens!: string[];

  @Field(() => String, { nullable: true })
  requestId?: string | null;

  @Field(() => Date)
  issuedAt!: Date;
}
