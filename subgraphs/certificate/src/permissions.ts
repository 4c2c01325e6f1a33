import { type IRules, rules } from '@tessera/kit';
import type { UserType } from './users/user.type';

const self = rules.ownerOf<UserType>('certificate.User', (user) => user.id);

/** CT-2: serial, subject, kind, usage and validity of a certificate are public. */
export const certificatePermissions: IRules = {
  Query: { certificate: rules.staff },
  Certificate: rules.allow,
  User: { certificates: rules.or(self, rules.staff) },
};
