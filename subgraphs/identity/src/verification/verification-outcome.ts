import type { IdentityErrorCode } from '../errors';
import type { VerificationOutcome } from './bank-verifier';

/** The error a user sees for each failed bank answer. */
export const outcomeErrors: Record<Exclude<VerificationOutcome, 'verified'>, IdentityErrorCode> = {
  identity_mismatch: 'IDENTITY_MISMATCH',
  phone_mismatch: 'PHONE_MISMATCH',
  credit_card: 'BANK_CARD_CREDIT',
  unknown_card: 'BANK_CARD_UNKNOWN',
  bank_not_connected: 'BANK_NOT_CONNECTED',
  unavailable: 'VERIFICATION_UNAVAILABLE',
};
