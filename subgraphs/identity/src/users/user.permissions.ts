import { type IRules, rules } from '@tessera/kit';
import type { UserType } from './user.type';

const self = rules.ownerOf<UserType>('identity.User', (user) => user.id);
const selfOrStaff = rules.or(self, rules.staff);
/** Verification data (masked, ID-8): the person and the staff who manage users. */
const selfOrManager = rules.or(self, rules.staffWith('ADMINISTRATOR', 'SERVICE_AGENT', 'AUDITOR'));

export const userPermissions: IRules = {
  Query: { me: rules.authenticated, user: rules.staff },
  User: {
    username: selfOrStaff,
    displayName: selfOrStaff,
    kind: selfOrStaff,
    createdAt: selfOrStaff,
    idType: selfOrManager,
    idNumberMasked: selfOrManager,
    bankCode: selfOrManager,
    cardNumberMasked: selfOrManager,
    phoneMasked: selfOrManager,
    verifiedAt: selfOrStaff,
    verificationMethod: selfOrStaff,
    locked: selfOrManager,
  },
};
