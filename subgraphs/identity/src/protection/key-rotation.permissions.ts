import { type IRules, rules } from '@tessera/kit';

export const keyRotationPermissions: IRules = {
  Mutation: { resealPersonalData: rules.staffWith('ADMINISTRATOR') },
};
