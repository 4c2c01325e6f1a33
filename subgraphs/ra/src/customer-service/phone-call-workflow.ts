import type { PhoneCallState } from './phone-call.entity';
import type { Transition } from './state-machine';

export const phoneCallEvents = ['receive', 'solve', 'escalate', 'follow_up'] as const;
export type PhoneCallEvent = (typeof phoneCallEvents)[number];

/**
 * A call is solved on the line from the support handbook, or escalated to a technician; the agent
 * who took it follows it up until the technician's solution reaches the caller (CS-3).
 */
export const phoneCallWorkflow: readonly Transition<PhoneCallState, PhoneCallEvent>[] = [
  { from: null, event: 'receive', to: 'open', roles: ['SERVICE_AGENT'] },
  { from: 'open', event: 'solve', to: 'solved', roles: ['SERVICE_AGENT'] },
  { from: 'open', event: 'escalate', to: 'escalated', roles: ['SERVICE_AGENT'] },
  { from: 'escalated', event: 'follow_up', to: 'escalated', roles: ['SERVICE_AGENT'] },
  { from: 'escalated', event: 'solve', to: 'solved', roles: ['SERVICE_AGENT'] },
];
