import { type Session, useSession } from '@tessera/ui';
import type { WorkflowEvent } from './gql/graphql';

export const staffRoles = [
  'ENTRY_CLERK',
  'REVIEW_CLERK',
  'ISSUING_CLERK',
  'ARCHIVE_CLERK',
  'AGENCY_APPROVER',
  'SERVICE_AGENT',
  'ADMINISTRATOR',
  'AUDITOR',
  'DEPARTMENT_MANAGER',
] as const;
export type StaffRole = (typeof staffRoles)[number];

/** The staff roles of the signed-in clerk, read from the access token (the server decides; this only shapes the UI). */
export function rolesOf(session: Session): ReadonlySet<StaffRole> {
  const roles = session.claims().roles;
  return new Set(Array.isArray(roles) ? roles.filter((r): r is StaffRole => staffRoles.includes(r)) : []);
}

export function useRoles(): ReadonlySet<StaffRole> {
  return rolesOf(useSession());
}

export function hasAny(roles: ReadonlySet<StaffRole>, wanted: readonly StaffRole[]): boolean {
  return wanted.some((role) => roles.has(role));
}

/** Who takes each workflow step (the RA's workflow table; the server checks it again). */
export const stepRoles: Record<WorkflowEvent, StaffRole> = {
  APPROVE_BY_AGENCY: 'AGENCY_APPROVER',
  REJECT_BY_AGENCY: 'AGENCY_APPROVER',
  ENTER: 'ENTRY_CLERK',
  APPROVE: 'REVIEW_CLERK',
  REJECT: 'REVIEW_CLERK',
  ISSUE: 'ISSUING_CLERK',
  EXECUTE: 'ISSUING_CLERK',
  DELIVER: 'ISSUING_CLERK',
  ARCHIVE: 'ARCHIVE_CLERK',
  COMPLETE: 'ARCHIVE_CLERK',
};
