import 'reflect-metadata';
import { DataProtector, dataProtectionKeys, type SubgraphModule } from '@tessera/kit';
import { idNumberProtection } from './applications/id-number';
import { renewalPolicy } from './applications/target-certificate';
import { GraphqlCertificateAuthority } from './certificate-authority/certificate-authority-client';
import { certificateAuthorityRuntime } from './certificate-authority/certificate-authority-runtime';
import { ConsultationWeeklySummaryJob, customerServiceRuntime, WorkingCalendar } from './customer-service';
import { systemClock } from './customer-service/clock';
import { DirectoryDocumentStore, documentStorage, documentStoreFor } from './documents/document-store';
import { OrphanDocumentSweep, orphanSweepEveryMs } from './documents/orphan-document-sweep';
import { raEntities } from './entities';
import { RaMetrics } from './metrics/ra-metrics';
import { migrations } from './migrations';
import { OutboxDispatcher } from './outbox/dispatcher';
import { raSchema } from './schema';
import { SuspensionReviewJob } from './workflow/suspension-review';

export { CertificateApplication } from './applications/certificate-application.entity';
export { GraphqlCertificateAuthority } from './certificate-authority/certificate-authority-client';
export { seedDemoFeeSchedule } from './fees/demo-fee-schedule';
export { OutboxMessage } from './outbox/outbox-message.entity';

/** The weekly consultation summary is refreshed hourly; it is an upsert, so repeats are harmless (CS-2). */
const weeklySummaryEveryMs = 60 * 60 * 1000;

export interface RaServices {
  /** Delivers the RA's calls to the certificate subgraph (absent without service credentials). */
  dispatcher?: OutboxDispatcher;
  /** Opens revocation reviews for suspensions outliving their certificate (RA-5), on a timer. */
  suspensionReview: SuspensionReviewJob;
  /** Removes document files no row names (only when documents are kept in a directory). */
  orphanSweep?: OrphanDocumentSweep;
}

/** The RA subgraph: subscribers, applications and the clerk workflow (rules RA-1..RA-16, CS-1..CS-6). */
export const ra: SubgraphModule<RaServices> = {
  name: 'ra',
  entities: raEntities,
  migrations,
  schema: raSchema,
  async setup({ orm, config, log, serviceTokens, tracing, metrics }) {
    customerServiceRuntime.calendar = new WorkingCalendar(config.ra);
    documentStorage.store = documentStoreFor(config.ra.documentsDir);
    idNumberProtection.protector = new DataProtector(dataProtectionKeys(config));
    renewalPolicy.windowDays = config.ra.renewalWindowDays;
    const authority =
      serviceTokens && new GraphqlCertificateAuthority(config.services.certificate.url, serviceTokens, tracing);
    certificateAuthorityRuntime.authority = authority || undefined;
    const raMetrics = new RaMetrics(metrics.registry, orm.em);
    const dispatcher = authority
      ? new OutboxDispatcher(orm.em, authority, log, undefined, (outcome) => raMetrics.delivery(outcome))
      : undefined;
    if (dispatcher) dispatcher.start();
    else
      log.warn('no service credentials: approvals wait in the outbox until the RA can call the certificate subgraph');
    const job = new ConsultationWeeklySummaryJob(orm.em, systemClock);
    const timer = setInterval(() => {
      job.run().catch((error: unknown) => log.error({ err: error }, 'weekly consultation summary failed'));
    }, weeklySummaryEveryMs);
    timer.unref();
    const suspensionReview = new SuspensionReviewJob(orm.em);
    const reviewTimer = setInterval(() => {
      suspensionReview.run().catch((error: unknown) => log.error({ err: error }, 'suspension review failed'));
    }, config.ra.suspensionReviewIntervalMinutes * 60_000);
    reviewTimer.unref();
    const store = documentStorage.store;
    const orphanSweep = store instanceof DirectoryDocumentStore ? new OrphanDocumentSweep(orm.em, store) : undefined;
    const sweepTimer =
      orphanSweep &&
      setInterval(() => {
        orphanSweep
          .run()
          .then(({ removed, unfinished }) => {
            if (removed || unfinished) log.info({ removed, unfinished }, 'document files no row names removed');
          })
          .catch((error: unknown) => log.error({ err: error }, 'document sweep failed'));
      }, orphanSweepEveryMs);
    sweepTimer?.unref();
    return {
      services: { dispatcher, suspensionReview, orphanSweep },
      close: async () => {
        clearInterval(timer);
        clearInterval(reviewTimer);
        clearInterval(sweepTimer);
        await dispatcher?.stop();
      },
    };
  },
};
