import { type IRules, rules } from '@tessera/kit';

const administrator = rules.staffWith('ADMINISTRATOR');
/** Auditors read the trail of what administrators did; they change nothing. */
const administratorOrAuditor = rules.staffWith('ADMINISTRATOR', 'AUDITOR');

export const userManagementPermissions: IRules = {
  Query: {
    searchUsers: administrator,
    userSignIns: administrator,
    userVerifications: administrator,
    userAdminActions: administratorOrAuditor,
  },
  Mutation: {
    lockUser: administrator,
    unlockUser: administrator,
    forcePasswordReset: administrator,
    endUserSessions: administrator,
  },
  SignInRecord: administrator,
  VerificationRecord: administrator,
  AdminActionRecord: administratorOrAuditor,
};
