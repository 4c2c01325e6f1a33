/** Staff roles (seed 002's clerk roles plus administration), carried in the access token. */
export const staffRoles = [
  'ENTRY_CLERK',
  'REVIEW_CLERK',
  'ISSUING_CLERK',
  'ARCHIVE_CLERK',
  'AGENCY_APPROVER',
  'SERVICE_AGENT',
  'ADMINISTRATOR',
  'AUDITOR',
  /** The department manager (部门经理): reads the dashboards and the Friday summary (CS-2, issue 17 item 9). */
  'DEPARTMENT_MANAGER',
] as const;

export type StaffRole = (typeof staffRoles)[number];

/**
 * Who is calling: an anonymous visitor, a citizen, a staff member, an insured unit signed in with its
 * certificate (issue 15), a registered business system (client credentials, ID-17), or another Tessera
 * service (e.g. the RA calling the CA).
 */
export type PrincipalKind = 'citizen' | 'staff' | 'unit' | 'system' | 'service';
export const principalKinds: readonly PrincipalKind[] = ['citizen', 'staff', 'unit', 'system', 'service'];
