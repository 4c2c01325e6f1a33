import { type IRules, rules } from '@tessera/kit';

/** The dashboards (issue 17 item 9) are for administrators and the department manager. */
const dashboardReaders = rules.staffWith('ADMINISTRATOR', 'DEPARTMENT_MANAGER');

export const certificateDashboardPermissions: IRules = {
  Query: { certificateDashboard: dashboardReaders },
  CertificateDashboard: dashboardReaders,
  ExpiringCertificates: dashboardReaders,
  SuspensionsNearingLimit: dashboardReaders,
};
