import type { Transition } from './state-machine';

export const complaintStates = [
  'received',
  'recorded',
  'verified',
  'accepted',
  'refused',
  'handled',
  'thanked',
] as const;
export type ComplaintState = (typeof complaintStates)[number];

export const complaintEvents = ['receive', 'record', 'verify', 'accept', 'refuse', 'handle', 'thank'] as const;
export type ComplaintEvent = (typeof complaintEvents)[number];

/**
 * The complaint procedure of seed 002 (CS-5): listen, record, verify with the person responsible,
 * set a deadline or give the reason for not accepting, handle, thank. A citizen may lodge a
 * complaint online; every later step is the service agent's. A refused complaint is still thanked.
 */
export const complaintWorkflow: readonly Transition<ComplaintState, ComplaintEvent>[] = [
  { from: null, event: 'receive', to: 'received', roles: ['SERVICE_AGENT', 'CITIZEN'] },
  { from: 'received', event: 'record', to: 'recorded', roles: ['SERVICE_AGENT'] },
  { from: 'recorded', event: 'verify', to: 'verified', roles: ['SERVICE_AGENT'] },
  { from: 'verified', event: 'accept', to: 'accepted', roles: ['SERVICE_AGENT'] },
  { from: 'verified', event: 'refuse', to: 'refused', roles: ['SERVICE_AGENT'] },
  { from: 'accepted', event: 'handle', to: 'handled', roles: ['SERVICE_AGENT'] },
  { from: 'handled', event: 'thank', to: 'thanked', roles: ['SERVICE_AGENT'] },
  { from: 'refused', event: 'thank', to: 'thanked', roles: ['SERVICE_AGENT'] },
];
