import { type IRules, rules } from '@tessera/kit';

/** Registration is for visitors: anyone holding a flow id may drive that flow. */
export const registrationPermissions: IRules = {
  Query: { registrationFlow: rules.allow },
  Mutation: {
    startRegistration: rules.allow,
    submitRegistrationLogin: rules.allow,
    submitRegistrationIdentity: rules.allow,
    registrationBack: rules.allow,
    sendRegistrationCode: rules.allow,
    completeRegistration: rules.allow,
  },
  RegistrationFlow: rules.allow,
  RegisteredUser: rules.allow,
};
