import type { StaffRole } from './roles';

/** A part of the workbench: its path, its messages (`section.<key>.*`) and who sees it. */
export interface Section {
  key: string;
  path: string;
  roles: readonly StaffRole[];
}

const oversight: StaffRole[] = ['ADMINISTRATOR', 'AUDITOR'];

/**
 * The workbench's parts in the order of the RA's work; the nav shows those the clerk's roles allow.
 * The server enforces the same rules: this only keeps the menu to what the clerk can use.
 */
export const sections: readonly Section[] = [
  { key: 'agency', path: '/agency', roles: ['AGENCY_APPROVER'] },
  { key: 'entry', path: '/entry', roles: ['ENTRY_CLERK'] },
  { key: 'review', path: '/review', roles: ['REVIEW_CLERK'] },
  { key: 'issuing', path: '/issuing', roles: ['ISSUING_CLERK'] },
  { key: 'archive', path: '/archive', roles: ['ARCHIVE_CLERK', ...oversight] },
  { key: 'completed', path: '/completed', roles: ['ARCHIVE_CLERK', ...oversight] },
  { key: 'register', path: '/subscribers', roles: ['ENTRY_CLERK', 'ADMINISTRATOR'] },
  {
    key: 'certificates',
    path: '/certificates',
    roles: ['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'SERVICE_AGENT', ...oversight],
  },
  { key: 'fees', path: '/fees', roles: ['ENTRY_CLERK', 'ADMINISTRATOR'] },
  { key: 'log', path: '/operation-log', roles: oversight },
  { key: 'caCalls', path: '/ca-calls', roles: oversight },
  { key: 'service', path: '/service/consultations', roles: ['SERVICE_AGENT', ...oversight] },
  { key: 'users', path: '/users', roles: ['ADMINISTRATOR'] },
  { key: 'unitAccounts', path: '/unit-accounts', roles: oversight },
  { key: 'systems', path: '/systems', roles: oversight },
  { key: 'signOutNotices', path: '/sign-out-notices', roles: oversight },
  { key: 'sms', path: '/sms', roles: ['ADMINISTRATOR'] },
  { key: 'scheduledJobs', path: '/scheduled-jobs', roles: oversight },
  { key: 'dashboards', path: '/dashboards', roles: ['ADMINISTRATOR', 'DEPARTMENT_MANAGER'] },
  { key: 'adHoc', path: '/queries', roles: oversight },
];
