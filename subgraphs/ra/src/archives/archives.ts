import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import type { BusinessType } from '../applications/business-type';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { insertOf } from '../records/logged-change';
import type { LoggedChange } from '../records/operation-log';
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

/** The series as written on the boxes. */
export const seriesNames: Record<ArchiveSeries, string> = { new: '新制', renewal: '更新', service: '变更等' };
const seriesOrder: ArchiveSeries[] = ['new', 'renewal', 'service'];
/** Shelf order within a box: by social-insurance number (RA-16), ties by id so the order is total. */
const shelfOrder = { socialInsuranceNumber: 'asc', id: 'asc' } as const;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function boxLabel(box: Pick<ArchiveBox, 'series' | 'number' | 'cabinet'>): string {
  return `${seriesNames[box.series]}-${String(box.number).padStart(4, '0')} (柜 ${box.cabinet})`;
}

/** A numbered cabinet of one series and the boxes in it, by number. */
export interface Cabinet {
  series: ArchiveSeries;
  number: number;
  boxes: ArchiveBox[];
}

/** The printed label of a box (RA-16). */
export interface BoxLabel {
  title: string;
  series: string;
  box: number;
  cabinet: number;
  fileCount: number;
  capacity: number;
  firstSocialInsuranceNumber: string | null;
  lastSocialInsuranceNumber: string | null;
  firstArchivedAt: Date | null;
  lastArchivedAt: Date | null;
}

/** Places paper files in boxes and cabinets automatically (RA-16). */
export class Archives {
  /**
   * Files the application in the open box of its series, opening the next box when the current one
   * is full. Runs in the caller's transaction: the open box is locked so two archive clerks never
   * overfill it, and the writes (the box opened or counted, the file) are answered for the archive
   * step to send in its own statement (issue 16 goal 6), which it must do before committing.
   */
  async place(
    em: EntityManager,
    application: CertificateApplication,
    subscriber: Subscriber,
    archivedBy: string,
  ): Promise<LoggedChange[]> {
    const series = seriesOf(application.businessType);
    await em
      .getConnection()
      .execute(
        'select pg_advisory_xact_lock(hashtext(?))',
        [`ra.archive.${series}`],
        'all',
        em.getTransactionContext(),
      );
    const open = await em.findOne(ArchiveBox, { series }, { orderBy: { number: 'desc' } });
    const number = (open?.number ?? 0) + 1;
    const box =
      open && open.fileCount < open.capacity
        ? open
        : em.create(
            ArchiveBox,
            {
              series,
              number,
              capacity: boxCapacity[series],
              cabinet: Math.ceil(number / boxesPerCabinet),
              fileCount: 1,
            },
            { persist: false },
          );
    const file = em.create(
      ArchivedFile,
      { application, box, socialInsuranceNumber: subscriber.socialInsuranceNumber, archivedBy },
      { persist: false },
    );
    const counted = {
      sql: 'update "ra"."archive_box" set "file_count" = "file_count" + 1 where "id" = ?',
      bindings: [box.id],
    };
    return [box === open ? counted : insertOf(em, box), insertOf(em, file)];
  }

  /** The files of a box in shelf order: by social-insurance number. */
  contents(em: EntityManager, box: ArchiveBox): Promise<ArchivedFile[]> {
    return em.find(ArchivedFile, { box }, { orderBy: shelfOrder, populate: ['application'] });
  }

  /** Every box, grouped into its numbered cabinets (a cabinet holds the boxes of one series). */
  async cabinets(em: EntityManager): Promise<Cabinet[]> {
    const boxes = await em.find(ArchiveBox, {}, { orderBy: { series: 'asc', number: 'asc' } });
    const cabinets = new Map<string, Cabinet>();
    for (const box of boxes) {
      const key = `${box.series}:${box.cabinet}`;
      const cabinet = cabinets.get(key) ?? { series: box.series, number: box.cabinet, boxes: [] };
      cabinet.boxes.push(box);
      cabinets.set(key, cabinet);
    }
    return [...cabinets.values()].sort(
      (a, b) => seriesOrder.indexOf(a.series) - seriesOrder.indexOf(b.series) || a.number - b.number,
    );
  }

  /**
   * Where the paper file of an application lies, or null while it is not archived yet. Refuses an
   * application that does not exist, so "not archived" never hides a mistyped id.
   */
  async fileOf(em: EntityManager, applicationId: string): Promise<ArchivedFile | null> {
    if (!uuid.test(applicationId) || !(await em.count(CertificateApplication, { id: applicationId }))) {
      throw new DomainError('APPLICATION_NOT_FOUND');
    }
    return em.findOne(ArchivedFile, { application: applicationId }, { populate: ['box'] });
  }

  /** The file's place in its box, from 1, in shelf order. */
  async position(em: EntityManager, file: ArchivedFile): Promise<number> {
    const before = await em.count(ArchivedFile, {
      box: file.box,
      $or: [
        { socialInsuranceNumber: { $lt: file.socialInsuranceNumber } },
        { socialInsuranceNumber: file.socialInsuranceNumber, id: { $lt: file.id } },
      ],
    });
    return before + 1;
  }

  /** What the printed label of a box says: its name, cabinet, count, and the range of numbers inside. */
  async label(em: EntityManager, box: ArchiveBox): Promise<BoxLabel> {
    const files = await em.find(
      ArchivedFile,
      { box },
      { orderBy: shelfOrder, fields: ['socialInsuranceNumber', 'archivedAt'] },
    );
    const times = files.map((f) => f.archivedAt.getTime());
    return {
      title: boxLabel(box),
      series: seriesNames[box.series],
      box: box.number,
      cabinet: box.cabinet,
      fileCount: box.fileCount,
      capacity: box.capacity,
      firstSocialInsuranceNumber: files[0]?.socialInsuranceNumber ?? null,
      lastSocialInsuranceNumber: files.at(-1)?.socialInsuranceNumber ?? null,
      firstArchivedAt: times.length ? new Date(Math.min(...times)) : null,
      lastArchivedAt: times.length ? new Date(Math.max(...times)) : null,
    };
  }
}
