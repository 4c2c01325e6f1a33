import type { StaffRole } from './roles';

/**
 * The sidebar's groups, by who works there: the counter's clerks, the records they all consult,
 * customer service, oversight (administrators and auditors) and administration. Messages: `navGroup.<key>`.
 */
export const navGroups = ['counter', 'records', 'service', 'oversight', 'administration'] as const;
export type NavGroup = (typeof navGroups)[number];

/** A part of the workbench: its path, its messages (`section.<key>.*`), its sidebar group and who sees it. */
export interface Section {
  key: string;
  path: string;
  group: NavGroup;
  roles: readonly StaffRole[];
}

const oversight: StaffRole[] = ['ADMINISTRATOR', 'AUDITOR'];

/**
 * The workbench's parts in the order of the RA's work; the nav shows those the clerk's roles allow.
 * The server enforces the same rules: this only keeps the menu to what the clerk can use.
 */
export const sections: readonly Section[] = [
  { key: 'agency', path: '/agency', group: 'counter', roles: ['AGENCY_APPROVER'] },
  { key: 'entry', path: '/entry', group: 'counter', roles: ['ENTRY_CLERK'] },
  { key: 'review', path: '/review', group: 'counter', roles: ['REVIEW_CLERK'] },
  { key: 'issuing', path: '/issuing', group: 'counter', roles: ['ISSUING_CLERK'] },
  { key: 'archive', path: '/archive', group: 'counter', roles: ['ARCHIVE_CLERK', ...oversight] },
  { key: 'completed', path: '/completed', group: 'counter', roles: ['ARCHIVE_CLERK', ...oversight] },
  { key: 'register', path: '/subscribers', group: 'records', roles: ['ENTRY_CLERK', 'ADMINISTRATOR'] },
  {
    key: 'certificates',
    path: '/certificates',
    group: 'records',
    roles: ['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'SERVICE_AGENT', ...oversight],
  },
  { key: 'fees', path: '/fees', group: 'records', roles: ['ENTRY_CLERK', 'ADMINISTRATOR'] },
  { key: 'log', path: '/operation-log', group: 'oversight', roles: oversight },
  { key: 'caCalls', path: '/ca-calls', group: 'oversight', roles: oversight },
  { key: 'service', path: '/service/consultations', group: 'service', roles: ['SERVICE_AGENT', ...oversight] },
  { key: 'users', path: '/users', group: 'administration', roles: ['ADMINISTRATOR'] },
  { key: 'unitAccounts', path: '/unit-accounts', group: 'oversight', roles: oversight },
  { key: 'systems', path: '/systems', group: 'administration', roles: oversight },
  { key: 'signOutNotices', path: '/sign-out-notices', group: 'oversight', roles: oversight },
  { key: 'sms', path: '/sms', group: 'administration', roles: ['ADMINISTRATOR'] },
  { key: 'scheduledJobs', path: '/scheduled-jobs', group: 'oversight', roles: oversight },
  { key: 'dashboards', path: '/dashboards', group: 'oversight', roles: ['ADMINISTRATOR', 'DEPARTMENT_MANAGER'] },
  { key: 'adHoc', path: '/queries', group: 'oversight', roles: oversight },
];
