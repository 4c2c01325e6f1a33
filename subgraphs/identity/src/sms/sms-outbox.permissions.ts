import { type IRules, rules } from '@tessera/kit';

const administrator = rules.staffWith('ADMINISTRATOR');

export const smsOutboxPermissions: IRules = {
  Query: { smsOutbox: administrator, smsLimits: rules.allow },
  OutboxSms: administrator,
  /** What a citizen or visitor learns of the code they asked for (ID-9): the mutations guard the way in. */
  SmsDelivery: rules.allow,
  SmsCodeRequest: rules.allow,
  SmsLimits: rules.allow,
};
