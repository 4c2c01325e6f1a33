import type { BusinessType } from './gql/graphql';

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
