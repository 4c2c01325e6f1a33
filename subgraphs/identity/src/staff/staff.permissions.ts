import { type IRules, rules } from '@tessera/kit';

const administrator = rules.staffWith('ADMINISTRATOR');

export const staffPermissions: IRules = {
  Mutation: { createStaffAccount: administrator, resetStaffPassword: administrator },
  CreatedStaffAccount: administrator,
  StaffPasswordReset: administrator,
};
