/** Where a call the RA owes the certificate subgraph stands (RA item 12). */
export const caCallStates = ['pending', 'delivered', 'failed', 'settled'] as const;
export type CaCallState = (typeof caCallStates)[number];

export type CaCallEvent = 'deliver' | 'defer' | 'fail' | 'retry' | 'settle';

export interface CaCallTransition {
  from: CaCallState;
  event: CaCallEvent;
  to: CaCallState;
  /** `dispatcher`: the RA's outbox dispatcher; `ADMINISTRATOR`: an operator action, in the operation log. */
  by: 'dispatcher' | 'ADMINISTRATOR';
}

/**
 * The life of a call: the dispatcher delivers it, defers it after a transient failure (backing off)
 * or marks it failed on a permanent refusal; an administrator retries a failed (or long pending)
 * call now, or settles it with a reason when the owed effect was handled another way. Delivered and
 * settled are final.
 */
export const caCallTransitions: readonly CaCallTransition[] = [
  { from: 'pending', event: 'deliver', to: 'delivered', by: 'dispatcher' },
  { from: 'pending', event: 'defer', to: 'pending', by: 'dispatcher' },
  { from: 'pending', event: 'fail', to: 'failed', by: 'dispatcher' },
  { from: 'failed', event: 'retry', to: 'pending', by: 'ADMINISTRATOR' },
  { from: 'pending', event: 'retry', to: 'pending', by: 'ADMINISTRATOR' },
  { from: 'failed', event: 'settle', to: 'settled', by: 'ADMINISTRATOR' },
  { from: 'pending', event: 'settle', to: 'settled', by: 'ADMINISTRATOR' },
];

export function caCallTransition(from: CaCallState, event: CaCallEvent): CaCallTransition | undefined {
  return caCallTransitions.find((t) => t.from === from && t.event === event);
}
