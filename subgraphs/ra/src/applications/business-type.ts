import { type RevocationReasonText, RevocationReasonValue } from '@tessera/kit';
/** The nine business types of an application (RA-1..RA-8). */
export const businessTypes = [
  'new',
  'renewal',
  'change',
  'revocation',
  'suspension',
  'release',
  'unlock',
  'lost_reissue',
  'damaged_replacement',
] as const;
export type BusinessType = (typeof businessTypes)[number];

/** Certificate kinds (CT-1). */
export const certificateKinds = ['personal', 'organization', 'server'] as const;
export type CertificateKind = (typeof certificateKinds)[number];

/**
 * RFC 5280 §5.3.1 reasons a revocation application may give (RA-4); the certificate subgraph writes
 * it into the CRL entry and the OCSP answer. A hold is a suspension (RA-5), never a revocation reason.
 */
export const revocationReasons = Object.values(RevocationReasonValue);
export type RevocationReason = RevocationReasonText;
