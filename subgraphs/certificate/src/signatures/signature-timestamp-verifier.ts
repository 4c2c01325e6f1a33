/**
 * Checks a signature time-stamp token (RFC 3161 TimeStampToken in the unsigned attribute
 * id-aa-signatureTimeStampToken, RFC 3161 appendix A): the time a TSA attests the signature value existed.
 * The kit's `verifyTimeStampToken` is the real one; the service works without one, reading the token's
 * signing time as unverified.
 */
export interface SignatureTimestampVerifier {
  /** The time the token attests for `signatureValue` (its messageImprint); throws when the token does not verify. */
  verify(token: Buffer, signatureValue: Buffer): Promise<Date>;
}
