import type { NonEmptyArray } from 'type-graphql';
import { ComplaintResolver } from './complaint.resolver';
import { ConsultationResolver } from './consultation.resolver';
import { CustomerService } from './customer-service.migration';
import { customerServicePermissions } from './customer-service.permissions';
import { customerServiceEntities } from './entities';
import { OnSiteServiceResolver } from './on-site-service.resolver';
import { PhoneCallResolver } from './phone-call.resolver';
import { SatisfactionSurveyResolver } from './satisfaction-survey.resolver';

export { ConsultationWeeklySummaryJob } from './consultation-weekly-summary';
export { customerServiceRuntime } from './customer-service-runtime';
export { bureauTime } from './local-date';
export { WorkingCalendar } from './working-calendar';

/** The RA's customer-service context (CS-1..CS-6), for the subgraph to wire in. */
export const customerService = {
  entities: customerServiceEntities,
  migration: CustomerService,
  resolvers: [
    ConsultationResolver,
    PhoneCallResolver,
    OnSiteServiceResolver,
    ComplaintResolver,
    SatisfactionSurveyResolver,
  ] satisfies NonEmptyArray<unknown>,
  rules: customerServicePermissions,
};
