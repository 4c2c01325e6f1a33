import { JobRun } from '@tessera/kit';
import { ApplicationSystem } from './application-systems/application-system.entity';
import { IdentityLookup } from './application-systems/identity-lookup.entity';
import { Bank } from './banks/bank.entity';
import { BankBin } from './banks/bank-bin.entity';
import { SpentCaptcha } from './captcha/spent-captcha.entity';
import { CertificateChallenge } from './certificate-sign-in/certificate-challenge.entity';
import { ProfileChange } from './profile/profile-change.entity';
import { RecoveryFlow } from './recovery/recovery-flow.entity';
import { RegistrationFlow } from './registration/registration-flow.entity';
import { SecurityAnswer } from './security-questions/security-answer.entity';
import { Session } from './sessions/session.entity';
import { SignInEvent } from './sign-in/sign-in-event.entity';
import { SignInThrottle } from './sign-in/sign-in-throttle.entity';
import { BackchannelLogout } from './single-sign-on/backchannel-logout.entity';
import { IssuedToken } from './single-sign-on/issued-token.entity';
import { OidcRecord } from './single-sign-on/oidc-record.entity';
import { SystemSignIn } from './single-sign-on/system-sign-in.entity';
import { SmsCode } from './sms/sms-code.entity';
import { SmsMessage } from './sms/sms-message.entity';
import { SmsRequest } from './sms/sms-request.entity';
import { SigningKey } from './tokens/signing-key.entity';
import { AdminAction } from './user-management/admin-action.entity';
import { User } from './users/user.entity';
import { VerificationEvent } from './verification/verification-event.entity';

/** Every entity of the identity schema. */
export const identityEntities = [
  User,
  SigningKey,
  Bank,
  BankBin,
  RegistrationFlow,
  SmsMessage,
  SmsCode,
  SmsRequest,
  SpentCaptcha,
  Session,
  SignInThrottle,
  SignInEvent,
  CertificateChallenge,
  SecurityAnswer,
  RecoveryFlow,
  ProfileChange,
  AdminAction,
  ApplicationSystem,
  IdentityLookup,
  VerificationEvent,
  OidcRecord,
  SystemSignIn,
  BackchannelLogout,
  IssuedToken,
  JobRun,
];
