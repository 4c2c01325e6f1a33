import type { StaffRole } from '@tessera/kit';

/** Where a key recovery stands: opened by an administrator, decided by an auditor, then delivered. */
export type KeyRecoveryState = 'requested' | 'approved' | 'rejected' | 'delivered';

export type KeyRecoveryCommand = 'approve' | 'reject' | 'deliver';

export interface KeyRecoveryTransition {
  from: KeyRecoveryState;
  command: KeyRecoveryCommand;
  to: KeyRecoveryState;
  /** The staff role that may give the command (the graph's rules check it too). */
  by: StaffRole;
  /** Whether the one who opened the recovery is refused (the second person of the two). */
  notRequester: boolean;
}

/** CT-1 key recovery: every allowed step; anything else is refused. */
export const keyRecoveryTransitions: readonly KeyRecoveryTransition[] = [
  { from: 'requested', command: 'approve', to: 'approved', by: 'AUDITOR', notRequester: true },
  { from: 'requested', command: 'reject', to: 'rejected', by: 'AUDITOR', notRequester: true },
  { from: 'approved', command: 'deliver', to: 'delivered', by: 'ADMINISTRATOR', notRequester: false },
];

export function keyRecoveryTransition(
  from: KeyRecoveryState,
  command: KeyRecoveryCommand,
): KeyRecoveryTransition | undefined {
  return keyRecoveryTransitions.find((transition) => transition.from === from && transition.command === command);
}
