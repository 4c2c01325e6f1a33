import 'reflect-metadata';
import { DataProtector, dataProtectionKeys, type SubgraphModule } from '@tessera/kit';
import { idNumberProtection } from './applications/id-number';
import { renewalPolicy } from './applications/target-certificate';
import { GraphqlCertificateAuthority } from './certificate-authority/certificate-authority-client';
import { certificateAuthorityRuntime } from './certificate-authority/certificate-authority-runtime';
import { bureauTime, ConsultationWeeklySummaryJob, customerServiceRuntime, WorkingCalendar } from './customer-service';
import { systemClock } from './customer-service/clock';
import { configuredDocumentStore } from './documents/configured-document-store';
import { documentStorage } from './documents/document-store';
import type { DocumentSweep } from './documents/orphan-document-sweep';
import { raEntities } from './entities';
import { raJobs } from './jobs/scheduled-jobs';
import { RaMetrics } from './metrics/ra-metrics';
import { migrations } from './migrations';
import { OutboxDispatcher } from './outbox/dispatcher';
import { OperationLogAnchoring, operationLogAnchoringRuntime } from './records/operation-log-anchoring';
import { HttpTimeStamps } from './records/time-stamps';
import { raSchema } from './schema';
import { SuspensionReviewJob } from './workflow/suspension-review';

export { CertificateApplication } from './applications/certificate-application.entity';
export { GraphqlCertificateAuthority } from './certificate-authority/certificate-authority-client';
export { seedDemoFeeSchedule } from './fees/demo-fee-schedule';
export { OutboxMessage } from './outbox/outbox-message.entity';
export { seedDemoRaFigures } from './statistics/demo-figures';

export interface RaServices {
  /** Delivers the RA's calls to the certificate subgraph (absent without service credentials). */
  dispatcher?: OutboxDispatcher;
  /** Opens revocation reviews for suspensions outliving their certificate (RA-5), a scheduled job. */
  suspensionReview: SuspensionReviewJob;
  /** Removes document copies no row names (only when documents are kept in a directory or object storage). */
  orphanSweep?: DocumentSweep;
  /** Time-stamps the head of the operation log with the CA's TSA, daily and on demand (RA-14, issue 15). */
  operationLogAnchoring: OperationLogAnchoring;
}

/** The RA subgraph: subscribers, applications and the clerk workflow (rules RA-1..RA-16, CS-1..CS-6). */
export const ra: SubgraphModule<RaServices> = {
  name: 'ra',
  entities: raEntities,
  migrations,
  schema: raSchema,
  checkConfig(config) {
    dataProtectionKeys(config);
    configuredDocumentStore(config);
  },
  async setup({ orm, config, log, serviceTokens, tracing, metrics }) {
    bureauTime.zone = config.bureauTimeZone;
    customerServiceRuntime.calendar = new WorkingCalendar(config.ra);
    const documentStore = configuredDocumentStore(config);
    documentStorage.store = documentStore.store;
    idNumberProtection.protector = new DataProtector(dataProtectionKeys(config));
    renewalPolicy.windowDays = config.ra.renewalWindowDays;
    const authority =
      serviceTokens &&
      new GraphqlCertificateAuthority(
        config.services.certificate.url,
        serviceTokens,
        tracing,
        config.runtime.serviceCallTimeoutMs,
      );
    certificateAuthorityRuntime.authority = authority || undefined;
    const raMetrics = new RaMetrics(metrics.registry, orm.em);
    const dispatcher = authority
      ? new OutboxDispatcher(
          orm.em,
          authority,
          log,
          undefined,
          (outcome) => raMetrics.delivery(outcome),
          config.certificate.gmIdentityExtensions,
        )
      : undefined;
    if (dispatcher) dispatcher.start();
    else
      log.warn('no service credentials: approvals wait in the outbox until the RA can call the certificate subgraph');
    const suspensionReview = new SuspensionReviewJob(orm.em);
    // The TSA of the certificate subgraph, at the address the RA already calls it at (/pki/tsa is public).
    const operationLogAnchoring = new OperationLogAnchoring(
      orm.em,
      new HttpTimeStamps(new URL(config.services.certificate.url).origin, config.runtime.serviceCallTimeoutMs),
    );
    operationLogAnchoringRuntime.anchoring = operationLogAnchoring;
    const orphanSweep = documentStore.sweep(orm.em);
    return {
      services: { dispatcher, suspensionReview, orphanSweep, operationLogAnchoring },
      jobs: raJobs({
        weeklySummary: new ConsultationWeeklySummaryJob(orm.em, systemClock),
        suspensionReview,
        suspensionReviewEveryMs: config.ra.suspensionReviewIntervalMinutes * 60_000,
        operationLogAnchoring,
        orphanSweep,
        log,
      }),
      close: async () => {
        await dispatcher?.stop();
      },
    };
  },
};
