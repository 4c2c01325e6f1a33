import type { StaffRole } from '@tessera/kit';
import type { BusinessType } from '../applications/business-type';

/** Where an application stands (seed 002's four steps plus agency approval, delivery and archiving). */
export const applicationStates = [
  'submitted',
  'agency_approved',
  'entered',
  'approved',
  'rejected',
  'issued',
  'executed',
  'delivered',
  'archived',
  'completed',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

export const workflowEvents = [
  'approve_by_agency',
  'reject_by_agency',
  'enter',
  'approve',
  'reject',
  'issue',
  'execute',
  'deliver',
  'archive',
  'complete',
] as const;
export type WorkflowEvent = (typeof workflowEvents)[number];

/** Business types whose approval leads to a new certificate (the issuing clerk redeems the codes, RA-11). */
export const issuingTypes: readonly BusinessType[] = [
  'new',
  'renewal',
  'change',
  'lost_reissue',
  'damaged_replacement',
];
/** Business types that act on an existing certificate or EKey instead of issuing (RA-4, RA-5, RA-6). */
export const actingTypes: readonly BusinessType[] = ['revocation', 'suspension', 'release', 'unlock'];
const allTypes: readonly BusinessType[] = [...issuingTypes, ...actingTypes];

export interface Transition {
  from: ApplicationState;
  event: WorkflowEvent;
  to: ApplicationState;
  /** Staff roles that may fire the event. */
  roles: readonly StaffRole[];
  /** Business types the transition applies to. */
  types: readonly BusinessType[];
}

/**
 * The workflow of every application, as a table (README: "Application workflow"). Anything not in
 * the table is refused. New issuance needs the supervising agency first (RA-1); the reviewer is never
 * the person who entered (RA-11, checked by the application service); issuing types end with the
 * certificate delivered, acting types with the action executed; every path ends archived, then
 * completed with a task completion record (RA-13).
 */
export const workflow: readonly Transition[] = [
  { from: 'submitted', event: 'approve_by_agency', to: 'agency_approved', roles: ['AGENCY_APPROVER'], types: ['new'] },
  { from: 'submitted', event: 'reject_by_agency', to: 'rejected', roles: ['AGENCY_APPROVER'], types: ['new'] },
  { from: 'agency_approved', event: 'enter', to: 'entered', roles: ['ENTRY_CLERK'], types: ['new'] },
  {
    from: 'submitted',
    event: 'enter',
    to: 'entered',
    roles: ['ENTRY_CLERK'],
    types: allTypes.filter((t) => t !== 'new'),
  },
  { from: 'entered', event: 'approve', to: 'approved', roles: ['REVIEW_CLERK'], types: allTypes },
  { from: 'entered', event: 'reject', to: 'rejected', roles: ['REVIEW_CLERK'], types: allTypes },
  { from: 'approved', event: 'issue', to: 'issued', roles: ['ISSUING_CLERK'], types: issuingTypes },
  { from: 'approved', event: 'execute', to: 'executed', roles: ['ISSUING_CLERK'], types: actingTypes },
  { from: 'issued', event: 'deliver', to: 'delivered', roles: ['ISSUING_CLERK'], types: issuingTypes },
  { from: 'delivered', event: 'archive', to: 'archived', roles: ['ARCHIVE_CLERK'], types: issuingTypes },
  { from: 'executed', event: 'archive', to: 'archived', roles: ['ARCHIVE_CLERK'], types: actingTypes },
  { from: 'archived', event: 'complete', to: 'completed', roles: ['ARCHIVE_CLERK'], types: allTypes },
];

/** The transition `event` makes from `from` for an application of `type`, if the table has one. */
export function transitionFor(
  type: BusinessType,
  from: ApplicationState,
  event: WorkflowEvent,
): Transition | undefined {
  return workflow.find((t) => t.from === from && t.event === event && t.types.includes(type));
}

/** The events that can follow from a state for a business type (what the clients offer). */
export function nextEvents(type: BusinessType, from: ApplicationState): Transition[] {
  return workflow.filter((t) => t.from === from && t.types.includes(type));
}
