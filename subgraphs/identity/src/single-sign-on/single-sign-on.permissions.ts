import { type IRules, rules } from '@tessera/kit';

const overseers = rules.staffWith('ADMINISTRATOR', 'AUDITOR');

export const singleSignOnPermissions: IRules = {
  Query: { backchannelLogouts: overseers, issuedSystemTokens: overseers },
  Mutation: { retryBackchannelLogout: rules.staffWith('ADMINISTRATOR') },
  BackchannelLogout: overseers,
  IssuedSystemToken: overseers,
};
