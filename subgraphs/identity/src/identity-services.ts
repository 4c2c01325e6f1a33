import type { MikroORM } from '@mikro-orm/postgresql';
import type { DataProtector, GraphContext } from '@tessera/kit';
import type { ApplicationSystems } from './application-systems/application-systems';
import type { BankCatalogue } from './banks/bank-catalogue';
import type { CaptchaService } from './captcha/captcha-service';
import type { CertificateChallenges } from './certificate-sign-in/certificate-challenges';
import type { GraphqlCertificateCheck } from './certificate-sign-in/certificate-check-client';
import type { CertificateSignInService } from './certificate-sign-in/certificate-sign-in-service';
import type { EKeyPinReports } from './certificate-sign-in/ekey-pin-reports';
import type { UnitAccounts } from './certificate-sign-in/unit-accounts';
import type { ProfileService } from './profile/profile-service';
import type { PasswordRecovery } from './recovery/password-recovery';
import type { UsernameRecovery } from './recovery/username-recovery';
import type { RegistrationService } from './registration/registration-service';
import type { SecurityQuestionsService } from './security-questions/security-questions-service';
import type { SessionService } from './sessions/session-service';
import type { PasswordChange } from './sign-in/password-change';
import type { SignInService } from './sign-in/sign-in-service';
import type { SingleSignOn } from './single-sign-on/single-sign-on';
import type { SmsOutbox } from './sms/sms-outbox';
import type { StaffAccounts } from './staff/staff-accounts';
import type { TemporaryPasswords } from './staff/temporary-passwords';
import type { TokenIssuer } from './tokens/token-issuer';
import type { UserManagement } from './user-management/user-management';

/** The identity subgraph's domain services, made once at start. */
export interface IdentityServices {
  tokens: TokenIssuer;
  protector: DataProtector;
  banks: BankCatalogue;
  captcha: CaptchaService;
  outbox: SmsOutbox;
  registration: RegistrationService;
  sessions: SessionService;
  signIn: SignInService;
  passwordChange: PasswordChange;
  securityQuestions: SecurityQuestionsService;
  usernameRecovery: UsernameRecovery;
  passwordRecovery: PasswordRecovery;
  profile: ProfileService;
  userManagement: UserManagement;
  /** Issue 15: the certificate subgraph's check of a certificate sign-in (`use(url)` points it elsewhere). */
  certificateCheck: GraphqlCertificateCheck;
  certificateChallenges: CertificateChallenges;
  certificateSignIn: CertificateSignInService;
  /** Issue 15, CT-3: PIN attempts an EKey sign-in reports against its challenge. */
  ekeyPinReports: EKeyPinReports;
  unitAccounts: UnitAccounts;
  applicationSystems: ApplicationSystems;
  staffAccounts: StaffAccounts;
  temporaryPasswords: TemporaryPasswords;
  /** Set once the OpenID Connect provider has started (after the other services). */
  singleSignOn?: SingleSignOn;
}

/**
 * Services per ORM instance: the kit builds the schema once per process, while tests may run
 * several platforms in one process, so resolvers find theirs through the request's EntityManager.
 */
const byOrm = new WeakMap<object, IdentityServices>();

export function registerServices(orm: MikroORM, services: IdentityServices): void {
  byOrm.set(orm.config, services);
}

export function servicesOf(ctx: GraphContext): IdentityServices {
  const services = byOrm.get(ctx.em.config);
  if (!services) throw new Error('identity services are not set up for this database');
  return services;
}
