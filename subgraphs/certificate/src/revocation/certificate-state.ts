import type { RevocationReason } from './revocation-reason';

/** The states of CT-2, as the public status query shows them. */
export type CertificateState = 'newApplication' | 'inUse' | 'cancelled' | 'suspended' | 'revoked';

export interface StateFacts {
  issuedAt?: Date | null;
  notBefore: Date;
  notAfter: Date;
  revokedAt?: Date | null;
  revocationReason?: RevocationReason | null;
}

/**
 * CT-2: derived at query time from issuance, validity and revocation, so it is never stale.
 * Revocation and suspension win over validity: a revoked certificate stays revoked after expiry.
 */
export function certificateState(facts: StateFacts, now: Date): CertificateState {
  if (!facts.issuedAt) return 'newApplication';
  if (facts.revokedAt) return facts.revocationReason === 'certificateHold' ? 'suspended' : 'revoked';
  if (now < facts.notBefore || now > facts.notAfter) return 'cancelled';
  return 'inUse';
}
