import { type IRules, rules } from '@tessera/kit';

/** Recovery is for people who cannot sign in: open to visitors, guarded by captcha, codes and locks. */
export const recoveryPermissions: IRules = {
  Mutation: {
    requestUsernameRecoveryCode: rules.allow,
    startUsernameRecovery: rules.allow,
    confirmUsernameRecovery: rules.allow,
    startPasswordRecovery: rules.allow,
    answerRecoveryQuestions: rules.allow,
    requestPasswordRecoveryCode: rules.allow,
    sendPasswordRecoveryCode: rules.allow,
    verifyPasswordRecoveryCode: rules.allow,
    resetRecoveredPassword: rules.allow,
  },
  PasswordRecovery: rules.allow,
};
