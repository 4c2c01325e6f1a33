import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum SignInStatus {
  SIGNED_IN = 'SIGNED_IN',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
}

registerEnumType(SignInStatus, {
  name: 'SignInStatus',
  description: 'Where a sign-in stands.',
  valuesConfig: {
    SIGNED_IN: { description: 'A session was opened: the tokens are set.' },
    PASSWORD_CHANGE_REQUIRED: {
      description:
        'Staff signed in with a temporary password (ID-18): no session yet; `changeTemporaryPassword` with the ticket sets a new one and signs in.',
    },
  },
});

@ObjectType('SignInResult', {
  description: 'A sign-in: the tokens of a new or refreshed session, or the step still required before one.',
})
export class SignInResultType {
  @Field(() => SignInStatus)
  status!: SignInStatus;

  @Field(() => ID, { nullable: true })
  sessionId?: string;

  @Field(() => String, { nullable: true, description: 'Short-lived ES256 JWT for the graph.' })
  accessToken?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Rotating: each use returns a new one; reusing an old one ends the session.',
  })
  refreshToken?: string;

  @Field(() => Int, { nullable: true, description: 'Seconds until the access token expires.' })
  expiresIn?: number;

  @Field(() => String, {
    nullable: true,
    description: 'PASSWORD_CHANGE_REQUIRED: the ticket for `changeTemporaryPassword` (single use).',
  })
  passwordChangeTicket?: string;

  @Field(() => Int, { nullable: true, description: 'Seconds the ticket stays valid.' })
  ticketExpiresIn?: number;
}

@ObjectType('SessionSystem', { description: 'A business system a session is signed in to (single sign-on).' })
export class SessionSystemType {
  @Field(() => String, { description: "The system's code (its client id)." })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date, { description: 'When the session first signed in to the system.' })
  signedInAt!: Date;
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

  @Field(() => String)
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

  @Field(() => String)
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

  @Field(() => String)
  captchaId!: string;

  @Field(() => String)
  captchaAnswer!: string;
}

@InputType('TemporaryPasswordChangeInput', {
  description: 'The new password of a staff member who signed in with a temporary one (ID-18).',
})
export class TemporaryPasswordChangeInput {
  @Field(() => String, { description: 'The `passwordChangeTicket` of the sign-in.' })
  ticket!: string;

  @Field(() => String)
  newPassword!: string;

  @Field(() => String)
  confirmPassword!: string;
}

@ObjectType('LegacyIdSignIn', {
  description:
    'The transition during which citizens may still sign in by ID number (ID-11): clients offer that way only while it is open.',
})
export class LegacyIdSignInType {
  @Field(() => Boolean, { description: 'Whether sign-in by ID number is accepted now.' })
  open!: boolean;

  @Field(() => Date, { description: 'When the transition ends (LEGACY_ID_LOGIN_UNTIL).' })
  until!: Date;
}
