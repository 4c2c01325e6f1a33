import { type IRules, rules } from '@tessera/kit';

/** The dashboards (issue 17 item 9) are for administrators and the department manager. */
export const dashboardReaders = rules.staffWith('ADMINISTRATOR', 'DEPARTMENT_MANAGER');

export const dashboardPermissions: IRules = {
  Query: { raDashboard: dashboardReaders },
  RaDashboard: dashboardReaders,
  ApplicationsInMonth: dashboardReaders,
  WorkflowStepDuration: dashboardReaders,
  ConsultationsInWeek: dashboardReaders,
  SatisfactionInMonth: dashboardReaders,
};
