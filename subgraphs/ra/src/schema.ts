import {
  type BuiltSubgraph,
  buildSubgraph,
  rules,
  scheduledJobsPermissions,
  scheduledJobsResolver,
} from '@tessera/kit';
import { applicationRows } from './applications/application-rows';
import { CertificateApplicationResolver } from './applications/certificate-application.resolver';
import { applicationView } from './applications/certificate-application.view';
import { ArchiveBoxResolver, ArchivedFileResolver } from './archives/archives.resolver';
import { BulkArchivingResolver } from './archives/bulk-archiving.resolver';
import { CertificateType } from './certificates/certificate.type';
import { CertificateApplicationFieldResolver } from './certificates/certificate-application.resolver';
import { customerService } from './customer-service';
import { maxDocumentBase64Length } from './documents/documents';
import { DocumentsResolver } from './documents/documents.resolver';
import { FeesResolver } from './fees/fees.resolver';
import { ApplicationCaCallResolver, CaCallsResolver } from './outbox/ca-calls.resolver';
import { PrintedPaperResolver } from './paper/printed-paper.resolver';
import { raPermissions } from './permissions';
import { RecordsResolver } from './records/records.resolver';
import { TaskCompletionResolver } from './records/task-completion.resolver';
import { ApplicationSearchResolver } from './search/application-search.resolver';
import { dashboardPermissions } from './statistics/dashboard.permissions';
import { DashboardResolver } from './statistics/dashboard.resolver';
import { RegisterResolver } from './subscribers/register.resolver';
import { SubscriberResolver } from './subscribers/subscriber.resolver';
import { UserType } from './users/user.type';
import { UserApplicationsResolver } from './users/user-applications.resolver';
import { WorkQueueResolver } from './workflow/work-queue.resolver';
import { WorkflowResolver } from './workflow/workflow.resolver';

let built: Promise<BuiltSubgraph> | undefined;

/** The RA subgraph's federation schema. */
export function raSchema(): Promise<BuiltSubgraph> {
  built ??= buildSubgraph({
    resolvers: [
      CertificateApplicationResolver,
      SubscriberResolver,
      RegisterResolver,
      WorkflowResolver,
      DocumentsResolver,
      FeesResolver,
      RecordsResolver,
      TaskCompletionResolver,
      ArchiveBoxResolver,
      ArchivedFileResolver,
      UserApplicationsResolver,
      CertificateApplicationFieldResolver,
      CaCallsResolver,
      ApplicationCaCallResolver,
      PrintedPaperResolver,
      // Issue 17 item 7: fewer clicks per application.
      ApplicationSearchResolver,
      WorkQueueResolver,
      BulkArchivingResolver,
      DashboardResolver,
      ...customerService.resolvers,
      scheduledJobsResolver('ra'),
    ],
    orphanedTypes: [UserType, CertificateType],
    references: {
      CertificateApplication: async (ref, ctx) => {
        const application = await applicationRows(ctx).load(String(ref.id));
        return application && applicationView(application);
      },
      User: (ref) => Object.assign(new UserType(), { id: String(ref.id) }),
      Certificate: (ref) => Object.assign(new CertificateType(), { id: String(ref.id) }),
    },
    rules: rules.mergeRules(raPermissions, customerService.rules, dashboardPermissions, scheduledJobsPermissions('ra')),
    entityKeys: { CertificateApplication: ['id'], User: ['id'], Certificate: ['id'] },
    inputLimits: { longTexts: { 'UploadDocumentInput.contentBase64': maxDocumentBase64Length } },
  });
  return built;
}
