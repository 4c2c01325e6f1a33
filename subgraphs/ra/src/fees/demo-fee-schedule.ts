import type { EntityManager } from '@mikro-orm/postgresql';
import type { BusinessType, CertificateKind } from '../applications/business-type';
import { FeeScheduleEntry } from './fee-schedule-entry.entity';

/** Demo fees in yuan per certificate kind (personal, organization, server); acting business types are free. */
const demoYuan: Partial<Record<BusinessType, Record<CertificateKind, number>>> = {
  new: { personal: 100, organization: 300, server: 500 },
  renewal: { personal: 60, organization: 200, server: 300 },
  change: { personal: 30, organization: 100, server: 100 },
  lost_reissue: { personal: 100, organization: 300, server: 500 },
  damaged_replacement: { personal: 50, organization: 50, server: 50 },
};

/**
 * Seeds the demo fee schedule (RA-12) of `npm start`'s demo data: only entries the schedule lacks,
 * so an administrator's edit survives a restart. Returns how many were added.
 */
export async function seedDemoFeeSchedule(em: EntityManager): Promise<number> {
  const fork = em.fork();
  const existing = new Set(
    (await fork.find(FeeScheduleEntry, {})).map((entry) => `${entry.businessType}/${entry.certificateKind}`),
  );
  let added = 0;
  for (const [businessType, byKind] of Object.entries(demoYuan) as [BusinessType, Record<CertificateKind, number>][]) {
    for (const [certificateKind, yuan] of Object.entries(byKind) as [CertificateKind, number][]) {
      if (existing.has(`${businessType}/${certificateKind}`)) continue;
      fork.create(FeeScheduleEntry, { businessType, certificateKind, amountFen: yuan * 100, updatedBy: 'demo' });
      added += 1;
    }
  }
  await fork.flush();
  return added;
}
