import { type IRules, rules } from '@tessera/kit';

export const bankPermissions: IRules = {
  Query: { banks: rules.allow },
  Mutation: { setBankConnected: rules.staffWith('ADMINISTRATOR') },
  Bank: rules.allow,
};
