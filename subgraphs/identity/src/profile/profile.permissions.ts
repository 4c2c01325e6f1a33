import { type IRules, rules } from '@tessera/kit';
import { liveSession } from '../sessions/live-session.rule';

const ownAccount = rules.and(rules.citizen, liveSession);

export const profilePermissions: IRules = {
  Mutation: {
    requestProfileChangeCode: ownAccount,
    requestProfileChange: ownAccount,
    confirmProfileChange: ownAccount,
  },
};
