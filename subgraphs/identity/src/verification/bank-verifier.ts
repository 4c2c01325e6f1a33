import type { IdType } from '../validation/id-document';

/** The four elements (name, ID, card, reserved phone) a bank confirms for real-name verification (ID-3). */
export interface FourElements {
  bankCode: string;
  name: string;
  idType: IdType;
  idNumber: string;
  cardNumber: string;
  /** The mobile number the person reserved at the bank. */
  phone: string;
}

/**
 * What the bank answers: the identity is confirmed, or which element fails (ID-4, ID-5), or the
 * card cannot verify (ID-7), or the bank's platform is not connected (ID-6) or not answering.
 */
export const verificationOutcomes = [
  'verified',
  'identity_mismatch',
  'phone_mismatch',
  'credit_card',
  'unknown_card',
  'bank_not_connected',
  'unavailable',
] as const;
export type VerificationOutcome = (typeof verificationOutcomes)[number];

export function isVerificationOutcome(value: unknown): value is VerificationOutcome {
  return typeof value === 'string' && (verificationOutcomes as readonly string[]).includes(value);
}

/** The banks' verification platform, as registration and profile changes see it. */
export interface BankVerifier {
  verify(elements: FourElements): Promise<VerificationOutcome>;
}
