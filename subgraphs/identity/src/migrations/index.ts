import type { MigrationObject } from '@mikro-orm/postgresql';
import { AccountsAndSigningKeys } from './0001-accounts-and-signing-keys';
import { Registration } from './0002-registration';
import { SignIn } from './0003-sign-in';
import { Recovery } from './0004-recovery';
import { ProfileAndManagement } from './0005-profile-and-management';
import { ApplicationSystems } from './0006-application-systems';
import { StaffSecondFactor } from './0007-staff-second-factor';
import { VerificationHistory } from './0008-verification-history';
import { ForeignKeys } from './0009-foreign-keys';
import { StatelessCaptcha } from './0010-stateless-captcha';
import { UndisclosedSms } from './0011-undisclosed-sms';
import { SigningKeyLifecycle } from './0012-signing-key-lifecycle';
import { SingleSignOn } from './0013-single-sign-on';
import { SystemAdminActions } from './0014-system-admin-actions';
import { JobRuns } from './0015-job-runs';
import { SignInFewerStatements } from './0016-sign-in-fewer-statements';
import { CertificateSignIn } from './0017-certificate-sign-in';
import { CertificateSignInPinReports } from './0018-certificate-sign-in-pin-reports';

/** The identity schema's migrations, oldest first. Never edit one that has shipped: add the next. */
export const migrations: MigrationObject[] = [
  { name: '0001-accounts-and-signing-keys', class: AccountsAndSigningKeys },
  { name: '0002-registration', class: Registration },
  { name: '0003-sign-in', class: SignIn },
  { name: '0004-recovery', class: Recovery },
  { name: '0005-profile-and-management', class: ProfileAndManagement },
  { name: '0006-application-systems', class: ApplicationSystems },
  { name: '0007-staff-second-factor', class: StaffSecondFactor },
  { name: '0008-verification-history', class: VerificationHistory },
  { name: '0009-foreign-keys', class: ForeignKeys },
  { name: '0010-stateless-captcha', class: StatelessCaptcha },
  { name: '0011-undisclosed-sms', class: UndisclosedSms },
  { name: '0012-signing-key-lifecycle', class: SigningKeyLifecycle },
  { name: '0013-single-sign-on', class: SingleSignOn },
  { name: '0014-system-admin-actions', class: SystemAdminActions },
  { name: '0015-job-runs', class: JobRuns },
  { name: '0016-sign-in-fewer-statements', class: SignInFewerStatements },
  { name: '0017-certificate-sign-in', class: CertificateSignIn },
  { name: '0018-certificate-sign-in-pin-reports', class: CertificateSignInPinReports },
];
