import 'reflect-metadata';
import type { SubgraphModule } from '@tessera/kit';
import { GraphqlCertificateAuthority } from './certificate-authority/certificate-authority-client';
import { ConsultationWeeklySummaryJob, customerServiceRuntime, WorkingCalendar } from './customer-service';
import { systemClock } from './customer-service/clock';
import { raEntities } from './entities';
import { migrations } from './migrations';
import { OutboxDispatcher } from './outbox/dispatcher';
import { raSchema } from './schema';

export { CertificateApplication } from './applications/certificate-application.entity';
export { OutboxMessage } from './outbox/outbox-message.entity';

/** The weekly consultation summary is refreshed hourly; it is an upsert, so repeats are harmless (CS-2). */
const weeklySummaryEveryMs = 60 * 60 * 1000;

export interface RaServices {
  /** Delivers the RA's calls to the certificate subgraph (absent without service credentials). */
  dispatcher?: OutboxDispatcher;
}

/** The RA subgraph: subscribers, applications and the clerk workflow (rules RA-1..RA-16, CS-1..CS-6). */
export const ra: SubgraphModule<RaServices> = {
  name: 'ra',
  entities: raEntities,
  migrations,
  schema: raSchema,
  async setup({ orm, config, log, serviceTokens }) {
    customerServiceRuntime.calendar = new WorkingCalendar(config.ra);
    const dispatcher = serviceTokens
      ? new OutboxDispatcher(
          orm.em,
          new GraphqlCertificateAuthority(config.services.certificate.url, serviceTokens),
          log,
        )
      : undefined;
    if (dispatcher) dispatcher.start();
    else
      log.warn('no service credentials: approvals wait in the outbox until the RA can call the certificate subgraph');
    const job = new ConsultationWeeklySummaryJob(orm.em, systemClock);
    const timer = setInterval(() => {
      job.run().catch((error: unknown) => log.error({ err: error }, 'weekly consultation summary failed'));
    }, weeklySummaryEveryMs);
    timer.unref();
    return {
      services: { dispatcher },
      close: async () => {
        clearInterval(timer);
        await dispatcher?.stop();
      },
    };
  },
};
