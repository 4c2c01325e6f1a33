import { seedDemoCertificateFigures } from '@tessera/certificate';
import { seedDemoFeeSchedule, seedDemoRaFigures } from '@tessera/ra';
import { seedPlatformDemoCertificates } from './demo-certificates';
import type { Platform } from './platform';

/**
 * `npm start`'s demo data beyond the accounts the identity subgraph seeds: the fee schedule (RA-12),
 * the dashboards' figures (issue 17 item 9) and the demo citizen's certificates (item 10). Test platforms leave them out, so that their
 * applications need no payment and their counts start at zero.
 */
export async function seedDemoData(platform: Platform): Promise<void> {
  await seedDemoFeeSchedule(platform.ra.orm.em);
  await seedDemoRaFigures(platform.ra.orm.em);
  await seedDemoCertificateFigures(platform.certificate.orm.em);
  await seedPlatformDemoCertificates(platform);
}
