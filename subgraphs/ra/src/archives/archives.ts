import type { EntityManager } from '@mikro-orm/postgresql';
import type { BusinessType } from '../applications/business-type';
import type { CertificateApplication } from '../applications/certificate-application.entity';
import type { Subscriber } from '../subscribers/subscriber.entity';
import { ArchiveBox, type ArchiveSeries } from './archive-box.entity';
import { ArchivedFile } from './archived-file.entity';

/** Files per box (RA-16): 100 new-issuance files, 150 renewal files; other business in boxes of 150. */
export const boxCapacity: Record<ArchiveSeries, number> = { new: 100, renewal: 150, service: 150 };
/** Boxes per numbered cabinet. */
export const boxesPerCabinet = 20;

export function seriesOf(type: BusinessType): ArchiveSeries {
  return type === 'new' ? 'new' : type === 'renewal' ? 'renewal' : 'service';
}

export function boxLabel(box: Pick<ArchiveBox, 'series' | 'number' | 'cabinet'>): string {
  const series = { new: '新制', renewal: '更新', service: '变更等' }[box.series];
  return `${series}-${String(box.number).padStart(4, '0')} (柜 ${box.cabinet})`;
}

/** Places paper files in boxes and cabinets automatically (RA-16). */
export class Archives {
  /**
   * Files the application in the open box of its series, opening the next box when the current one
   * is full. Runs in the caller's transaction; the open box is locked so two archive clerks never
   * overfill it.
   */
  async place(
    em: EntityManager,
    application: CertificateApplication,
    subscriber: Subscriber,
    archivedBy: string,
  ): Promise<ArchivedFile> {
    const series = seriesOf(application.businessType);
    await em
      .getConnection()
      .execute(
        'select pg_advisory_xact_lock(hashtext(?))',
        [`ra.archive.${series}`],
        'all',
        em.getTransactionContext(),
      );
    let box = await em.findOne(ArchiveBox, { series }, { orderBy: { number: 'desc' } });
    if (!box || box.fileCount >= box.capacity) {
      const number = (box?.number ?? 0) + 1;
      box = em.create(ArchiveBox, {
        series,
        number,
        capacity: boxCapacity[series],
        cabinet: Math.ceil(number / boxesPerCabinet),
      });
    }
    box.fileCount += 1;
    const file = em.create(ArchivedFile, {
      application,
      box,
      socialInsuranceNumber: subscriber.socialInsuranceNumber,
      archivedBy,
    });
    await em.flush();
    return file;
  }

  /** The files of a box in shelf order: by social-insurance number. */
  contents(em: EntityManager, box: ArchiveBox): Promise<ArchivedFile[]> {
    return em.find(ArchivedFile, { box }, { orderBy: { socialInsuranceNumber: 'asc' }, populate: ['application'] });
  }
}
