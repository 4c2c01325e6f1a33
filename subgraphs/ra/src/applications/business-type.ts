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
