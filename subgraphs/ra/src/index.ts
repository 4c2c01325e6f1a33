import 'reflect-metadata';
import type { SubgraphModule } from '@tessera/kit';
import { ConsultationWeeklySummaryJob, customerServiceRuntime, WorkingCalendar } from './customer-service';
import { systemClock } from './customer-service/clock';
import { raEntities } from './entities';
import { migrations } from './migrations';
import { raSchema } from './schema';

export { CertificateApplication } from './applications/certificate-application.entity';

/** The weekly consultation summary is refreshed hourly; it is an upsert, so repeats are harmless (CS-2). */
const weeklySummaryEveryMs = 60 * 60 * 1000;

/** The RA subgraph: subscribers, applications and the clerk workflow (rules RA-1..RA-16, CS-1..CS-6). */
export const ra: SubgraphModule = {
  name: 'ra',
  entities: raEntities,
  migrations,
  schema: raSchema,
  async setup({ orm, config, log }) {
    customerServiceRuntime.calendar = new WorkingCalendar(config.ra);
    const job = new ConsultationWeeklySummaryJob(orm.em, systemClock);
    const timer = setInterval(() => {
      job.run().catch((error: unknown) => log.error({ err: error }, 'weekly consultation summary failed'));
    }, weeklySummaryEveryMs);
    timer.unref();
    return { services: {}, close: async () => clearInterval(timer) };
  },
};
