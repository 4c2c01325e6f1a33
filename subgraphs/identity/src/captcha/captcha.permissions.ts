import { type IRules, rules } from '@tessera/kit';

export const captchaPermissions: IRules = {
  Mutation: { issueCaptcha: rules.allow },
  Captcha: rules.allow,
};
