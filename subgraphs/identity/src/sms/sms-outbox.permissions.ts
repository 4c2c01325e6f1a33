import { type IRules, rules } from '@tessera/kit';

const administrator = rules.staffWith('ADMINISTRATOR');

export const smsOutboxPermissions: IRules = {
  Query: { smsOutbox: administrator },
  OutboxSms: administrator,
};
