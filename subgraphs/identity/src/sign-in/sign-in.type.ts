import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('SignInResult', { description: 'Tokens of a new or refreshed session.' })
export class SignInResultType {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => String, { description: 'Short-lived ES256 JWT for the graph.' })
  accessToken!: string;

  @Field(() => String, { description: 'Rotating: each use returns a new one; reusing an old one ends the session.' })
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;
}

@ObjectType('Session', { description: 'A signed-in session of the viewer.' })
export class SessionType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  method!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastUsedAt!: Date;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Boolean, { description: 'The session of the token making this request.' })
  current!: boolean;
}

@InputType('SignInInput')
export class SignInInput {
  @Field(() => String)
  username!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String, { nullable: true, description: 'Staff: the 6-digit code of their authenticator app.' })
  totpCode?: string;

  @Field(() => ID)
  captchaId!: string;

  @Field(() => String)
  captchaAnswer!: string;
}

@InputType('LegacySignInInput', { description: 'Sign-in by ID number during the transition period (ID-11).' })
export class LegacySignInInput {
  @Field(() => String)
  idNumber!: string;

  @Field(() => String)
  password!: string;

  @Field(() => ID)
  captchaId!: string;

  @Field(() => String)
  captchaAnswer!: string;
}

@InputType('ChangePasswordInput')
export class ChangePasswordInput {
  @Field(() => String)
  currentPassword!: string;

  @Field(() => String)
  newPassword!: string;

  @Field(() => String)
  confirmPassword!: string;

  @Field(() => ID)
  captchaId!: string;

  @Field(() => String)
  captchaAnswer!: string;
}
