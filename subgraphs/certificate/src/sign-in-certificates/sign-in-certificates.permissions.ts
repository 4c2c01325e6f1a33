import { type IRules, rules } from '@tessera/kit';

/** Issue 15: only identity asks whether a certificate may sign in; it trusts nothing the client says. */
export const signInCertificatePermissions: IRules = {
  Query: { checkSignInCertificate: rules.service('identity') },
  SignInSubscriber: rules.service('identity'),
};
