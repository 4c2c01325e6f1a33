import type { BusinessType, RevocationReason } from './gql/graphql';

/** The nine business types (RA-1..RA-8), in the order the RA lists them. */
export const businessTypes: readonly BusinessType[] = [
  'NEW',
  'RENEWAL',
  'CHANGE',
  'REVOCATION',
  'SUSPENSION',
  'RELEASE',
  'UNLOCK',
  'LOST_REISSUE',
  'DAMAGED_REPLACEMENT',
];

/** RFC 5280 reasons a revocation gives (RA-4), as the CRL and OCSP will say them. */
export const revocationReasons: readonly RevocationReason[] = [
  'UNSPECIFIED',
  'KEY_COMPROMISE',
  'AFFILIATION_CHANGED',
  'SUPERSEDED',
  'CESSATION_OF_OPERATION',
  'PRIVILEGE_WITHDRAWN',
];
