import type { OnSiteOrderState } from './on-site-service-order.entity';
import type { Transition } from './state-machine';

export const onSiteOrderEvents = ['request', 'schedule', 'solve', 'leave_pending'] as const;
export type OnSiteOrderEvent = (typeof onSiteOrderEvents)[number];

/**
 * An on-site visit is requested, scheduled with the customer, then solves the problem on the spot
 * or leaves it pending (reported to a superior that day) until solved, possibly after another visit (CS-4).
 */
export const onSiteServiceWorkflow: readonly Transition<OnSiteOrderState, OnSiteOrderEvent>[] = [
  { from: null, event: 'request', to: 'requested', roles: ['SERVICE_AGENT'] },
  { from: 'requested', event: 'schedule', to: 'scheduled', roles: ['SERVICE_AGENT'] },
  { from: 'scheduled', event: 'solve', to: 'solved', roles: ['SERVICE_AGENT'] },
  { from: 'scheduled', event: 'leave_pending', to: 'pending', roles: ['SERVICE_AGENT'] },
  { from: 'pending', event: 'schedule', to: 'scheduled', roles: ['SERVICE_AGENT'] },
  { from: 'pending', event: 'solve', to: 'solved', roles: ['SERVICE_AGENT'] },
];
