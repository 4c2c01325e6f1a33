/** RFC 5280 §5.3.1 CRLReason codes (value 7 is unused by the standard). */
export const revocationReasons = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type RevocationReason = keyof typeof revocationReasons;

/** Reasons a revocation (as opposed to a hold or its release) may carry. */
export type PermanentRevocationReason = Exclude<RevocationReason, 'certificateHold' | 'removeFromCRL'>;
