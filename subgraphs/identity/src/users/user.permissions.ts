import { type IRules, rules } from '@tessera/kit';
import type { UserType } from './user.type';

const self = rules.ownerOf<UserType>('identity.User', (user) => user.id);
const selfOrStaff = rules.or(self, rules.staff);

export const userPermissions: IRules = {
  Query: { me: rules.authenticated, user: rules.staff },
  User: { username: selfOrStaff, displayName: selfOrStaff, kind: selfOrStaff, createdAt: selfOrStaff },
};
