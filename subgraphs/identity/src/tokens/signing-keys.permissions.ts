import { type IRules, rules } from '@tessera/kit';

const administrator = rules.staffWith('ADMINISTRATOR');

export const signingKeysPermissions: IRules = {
  Query: { signingKeys: rules.staffWith('ADMINISTRATOR', 'AUDITOR') },
  Mutation: { rotateSigningKey: administrator },
  SigningKeyStatus: rules.staffWith('ADMINISTRATOR', 'AUDITOR'),
};
