import { seedDemoCertificateFigures } from '@tessera/certificate';
import { seedDemoFeeSchedule, seedDemoRaFigures } from '@tessera/ra';
import type { Platform } from './platform';

/**
 * `npm start`'s demo data beyond the accounts the identity subgraph seeds: the fee schedule (RA-12)
 * and the dashboards' figures (issue 17 item 9). Test platforms leave them out, so that their
 * applications need no payment and their counts start at zero.
 */
export async function seedDemoData(platform: Platform): Promise<void> {
  await seedDemoFeeSchedule(platform.ra.orm.em);
  await seedDemoRaFigures(platform.ra.orm.em);
  await seedDemoCertificateFigures(platform.certificate.orm.em);
}
