import { type IRules, rules } from '@tessera/kit';
import { liveSession } from '../sessions/live-session.rule';

const ownAccount = rules.and(rules.citizen, liveSession);

export const profilePermissions: IRules = {
  Mutation: { requestProfileChange: ownAccount, confirmProfileChange: ownAccount },
};
