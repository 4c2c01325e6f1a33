/** Revocation status of an issued certificate, as the CRL and OCSP publish it. */
export type RevocationStatus = 'active' | 'onHold' | 'revoked';

export type RevocationCommand = 'suspend' | 'release' | 'revoke' | 'autoRelease';

export interface RevocationTransition {
  from: RevocationStatus;
  command: RevocationCommand;
  to: RevocationStatus;
  /** `staff` acts for an approved RA application; `system` is the scheduled release of RA-5. */
  by: 'staff' | 'system';
}

/** RA-4, RA-5, RA-7: every allowed change of revocation status; anything else is refused. */
export const revocationTransitions: readonly RevocationTransition[] = [
  { from: 'active', command: 'suspend', to: 'onHold', by: 'staff' },
  { from: 'onHold', command: 'release', to: 'active', by: 'staff' },
  { from: 'onHold', command: 'autoRelease', to: 'active', by: 'system' },
  { from: 'active', command: 'revoke', to: 'revoked', by: 'staff' },
  { from: 'onHold', command: 'revoke', to: 'revoked', by: 'staff' },
];

export function transitionFor(from: RevocationStatus, command: RevocationCommand): RevocationTransition | undefined {
  return revocationTransitions.find((transition) => transition.from === from && transition.command === command);
}
