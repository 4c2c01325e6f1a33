import { type IRules, rules } from '@tessera/kit';

/** The scope an administrator grants a business system that verifies signatures (issue 15 item 3). */
export const signatureVerifyScope = 'signature:verify';

/**
 * Business systems holding `signature:verify` and staff verify signatures; auditors and administrators read
 * the stored verifications.
 */
export const signatureVerificationPermissions: IRules = {
  Query: {
    signatureVerification: rules.staffWith('AUDITOR', 'ADMINISTRATOR'),
    signatureVerifications: rules.staffWith('AUDITOR', 'ADMINISTRATOR'),
  },
  Mutation: { verifySignature: rules.or(rules.scoped(signatureVerifyScope), rules.staff) },
  SignatureVerificationResult: rules.allow,
  SignatureSigner: rules.allow,
  SignerRevocation: rules.allow,
  SignatureVerification: rules.staffWith('AUDITOR', 'ADMINISTRATOR'),
  SignatureVerificationPage: rules.staffWith('AUDITOR', 'ADMINISTRATOR'),
};
