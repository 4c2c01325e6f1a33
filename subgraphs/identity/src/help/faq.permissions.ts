import { type IRules, rules } from '@tessera/kit';

export const faqPermissions: IRules = {
  Query: { faq: rules.allow },
  FaqEntry: rules.allow,
};
