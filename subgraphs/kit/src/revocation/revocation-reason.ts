import { registerEnumType } from 'type-graphql';

/**
 * The RFC 5280 reasons a revocation may be asked for with, as the graph names them. One definition
 * for the certificate subgraph (RA-4) and the RA (revocation applications), so that both register the
 * same `RevocationReason` and federation composes it as one enum.
 */
export enum RevocationReasonValue {
  UNSPECIFIED = 'unspecified',
  KEY_COMPROMISE = 'keyCompromise',
  AFFILIATION_CHANGED = 'affiliationChanged',
  SUPERSEDED = 'superseded',
  CESSATION_OF_OPERATION = 'cessationOfOperation',
  PRIVILEGE_WITHDRAWN = 'privilegeWithdrawn',
}
registerEnumType(RevocationReasonValue, { name: 'RevocationReason', description: 'RFC 5280 reason of a revocation.' });

/** A reason as the domain writes it (`keyCompromise`). */
export type RevocationReasonText = `${RevocationReasonValue}`;

/** The graph's name of a reason (`keyCompromise` is `KEY_COMPROMISE`), as another subgraph's variables take it. */
export function revocationReasonName(reason: RevocationReasonText): keyof typeof RevocationReasonValue {
  const names = Object.keys(RevocationReasonValue) as (keyof typeof RevocationReasonValue)[];
  return names.find((name) => RevocationReasonValue[name] === reason) ?? 'UNSPECIFIED';
}
