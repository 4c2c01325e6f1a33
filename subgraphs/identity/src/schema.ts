import {
  type BuiltSubgraph,
  buildSubgraph,
  type IRules,
  scheduledJobsPermissions,
  scheduledJobsResolver,
} from '@tessera/kit';
import { applicationSystemsPermissions } from './application-systems/application-systems.permissions';
import { ApplicationSystemsResolver } from './application-systems/application-systems.resolver';
import { bankPermissions } from './banks/bank.permissions';
import { BankResolver } from './banks/bank.resolver';
import { captchaPermissions } from './captcha/captcha.permissions';
import { CaptchaResolver } from './captcha/captcha.resolver';
import { certificateSignInPermissions } from './certificate-sign-in/certificate-sign-in.permissions';
import { CertificateSignInResolver } from './certificate-sign-in/certificate-sign-in.resolver';
import { faqPermissions } from './help/faq.permissions';
import { FaqResolver } from './help/faq.resolver';
import { profilePermissions } from './profile/profile.permissions';
import { ProfileResolver } from './profile/profile.resolver';
import { keyRotationPermissions } from './protection/key-rotation.permissions';
import { KeyRotationResolver } from './protection/key-rotation.resolver';
import { recoveryPermissions } from './recovery/recovery.permissions';
import { RecoveryResolver } from './recovery/recovery.resolver';
import { registrationPermissions } from './registration/registration.permissions';
import { RegistrationResolver } from './registration/registration.resolver';
import { securityQuestionsPermissions } from './security-questions/security-questions.permissions';
import { SecurityQuestionsResolver } from './security-questions/security-questions.resolver';
import { signInPermissions } from './sign-in/sign-in.permissions';
import { SignInResolver } from './sign-in/sign-in.resolver';
import { singleSignOnPermissions } from './single-sign-on/single-sign-on.permissions';
import { SingleSignOnResolver } from './single-sign-on/single-sign-on.resolver';
import { smsOutboxPermissions } from './sms/sms-outbox.permissions';
import { SmsOutboxResolver } from './sms/sms-outbox.resolver';
import { staffPermissions } from './staff/staff.permissions';
import { StaffResolver } from './staff/staff.resolver';
import { signingKeysPermissions } from './tokens/signing-keys.permissions';
import { SigningKeysResolver } from './tokens/signing-keys.resolver';
import { userManagementPermissions } from './user-management/user-management.permissions';
import { UserManagementResolver } from './user-management/user-management.resolver';
import { userPermissions } from './users/user.permissions';
import { UserResolver } from './users/user.resolver';
import { userView } from './users/user.view';
import { userRows } from './users/user-rows';

/** Merges the rules of each bounded context; root types are shared, so their fields merge. */
function mergeRules(...parts: IRules[]): IRules {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [type, value] of Object.entries(part as Record<string, unknown>)) {
      const root = type === 'Query' || type === 'Mutation';
      merged[type] = root ? { ...(merged[type] as object), ...(value as object) } : value;
    }
  }
  return merged as IRules;
}

let built: Promise<BuiltSubgraph> | undefined;

/** The identity subgraph's federation schema. */
export function identitySchema(): Promise<BuiltSubgraph> {
  built ??= buildSubgraph({
    resolvers: [
      UserResolver,
      RegistrationResolver,
      BankResolver,
      CaptchaResolver,
      SmsOutboxResolver,
      SignInResolver,
      CertificateSignInResolver,
      FaqResolver,
      SecurityQuestionsResolver,
      RecoveryResolver,
      ProfileResolver,
      UserManagementResolver,
      ApplicationSystemsResolver,
      StaffResolver,
      KeyRotationResolver,
      SigningKeysResolver,
      SingleSignOnResolver,
      scheduledJobsResolver('identity'),
    ],
    references: {
      User: async (ref, ctx) => {
        const user = await userRows(ctx).load(String(ref.id));
        return user && userView(user);
      },
    },
    rules: mergeRules(
      userPermissions,
      registrationPermissions,
      bankPermissions,
      captchaPermissions,
      smsOutboxPermissions,
      signInPermissions,
      certificateSignInPermissions,
      faqPermissions,
      securityQuestionsPermissions,
      recoveryPermissions,
      profilePermissions,
      userManagementPermissions,
      applicationSystemsPermissions,
      staffPermissions,
      keyRotationPermissions,
      signingKeysPermissions,
      singleSignOnPermissions,
      scheduledJobsPermissions('identity'),
    ),
    entityKeys: { User: ['id'] },
  });
  return built;
}
