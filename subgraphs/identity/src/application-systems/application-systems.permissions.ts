import { type IRules, rules } from '@tessera/kit';
import { systemScopes } from './system-scopes';

const administrator = rules.staffWith('ADMINISTRATOR');
const administratorOrAuditor = rules.staffWith('ADMINISTRATOR', 'AUDITOR');
const resolver = rules.scoped(systemScopes.verifiedIdentity);

export const applicationSystemsPermissions: IRules = {
  Query: {
    applicationSystems: administratorOrAuditor,
    verifiedIdentity: resolver,
    identityLookups: administratorOrAuditor,
    applicationSystemActions: administratorOrAuditor,
  },
  Mutation: {
    registerApplicationSystem: administrator,
    updateApplicationSystem: administrator,
    rotateApplicationSecret: administrator,
    setApplicationSystemStatus: administrator,
  },
  ApplicationSystem: administratorOrAuditor,
  ApplicationSystemCredentials: administrator,
  VerifiedIdentity: resolver,
  IdentityLookup: administratorOrAuditor,
};
