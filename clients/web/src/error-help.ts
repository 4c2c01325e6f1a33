import type { ErrorHelp } from '@tessera/ui';

/** The FAQ entry (ID-19, `help/faq.ts` of identity) that tells a citizen what to do about each refusal. */
const faqEntryOf: Record<string, string> = {
  IDENTITY_MISMATCH: 'identity-mismatch',
  PHONE_MISMATCH: 'identity-mismatch',
  VERIFICATION_ATTEMPTS_EXCEEDED: 'identity-mismatch',
  BANK_NOT_CONNECTED: 'which-banks',
  BANK_UNKNOWN: 'which-banks',
  BANK_CARD_UNKNOWN: 'which-banks',
  BANK_CARD_NOT_OF_BANK: 'which-banks',
  BANK_CARD_CREDIT: 'why-bank-account',
  SMS_RATE_LIMITED: 'sms-delay',
  SMS_CODE_INVALID: 'sms-delay',
  SMS_CODE_EXPIRED: 'sms-delay',
  LEGACY_SIGN_IN_ENDED: 'why-register-again',
};

/**
 * Where the web client's help explains an error: a CT-6 client code (e.g. -10101039, as the EKey
 * agent's refusals carry where there is one) opens the handbook's entry, another refusal of the
 * certificate sign-in (the agent's, a key file's) the handbook, a refusal of the FAQ's topics its
 * answer, anything else the FAQ's "other questions" (the 12333 hotline).
 */
export const errorHelp: ErrorHelp = (error) => {
  if (/^-?\d+$/.test(error.code)) return `/help/error-codes?code=${encodeURIComponent(error.code)}`;
  if ('agentCode' in error.extensions || error.code.startsWith('KEY_FILE_')) return '/help/error-codes';
  return `/help#${faqEntryOf[error.code] ?? 'other-questions'}`;
};
