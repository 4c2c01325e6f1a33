import { type IRules, rules } from '@tessera/kit';

const administrator = rules.staffWith('ADMINISTRATOR');

/** Issue 15: anyone may ask for a challenge and sign in; administrators and auditors see unit accounts, administrators disable them. */
export const certificateSignInPermissions: IRules = {
  Query: { unitAccounts: rules.staffWith('ADMINISTRATOR', 'AUDITOR') },
  Mutation: {
    issueCertificateChallenge: rules.allow,
    signInWithCertificate: rules.allow,
    reportCertificateSignInPinAttempt: rules.allow,
    disableUnitAccount: administrator,
    enableUnitAccount: administrator,
  },
  CertificateChallenge: rules.allow,
  CertificateSignInPinOutcome: rules.allow,
};
