import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { ArchiveBox } from '../archives/archive-box.entity';
import { Archives } from '../archives/archives';
import { Consultation } from '../customer-service/consultation.entity';
import { TaskCompletionRecord } from '../records/task-completion-record.entity';
import type { Subscriber } from '../subscribers/subscriber.entity';
import { applicationFormSheet } from './application-forms';
import { renderSheet, type Sheet } from './paper-sheet';
import { archiveBoxLabelSheet, consultationRecordSheet, taskCompletionSheet } from './record-sheets';

/** A printable PDF the RA produced from its own records. */
export interface PrintedDocument {
  /** The sheet's title, as printed at its top. */
  title: string;
  fileName: string;
  content: Buffer;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function printed(sheet: Sheet, fileName: string): Promise<PrintedDocument> {
  return { title: sheet.title, fileName: `${fileName}.pdf`, content: await renderSheet(sheet) };
}

/**
 * The paper the counters print (seed 002), made on the server from the RA's records so what the
 * subscriber signs is what the RA holds: the application forms (RA-10), the task completion record
 * (RA-13), the archive box label (RA-16) and the consultation record (CS-1).
 */
export class PrintedPaper {
  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly archives = new Archives(),
  ) {}

  /** The application and its subscriber; a malformed or unknown id is `APPLICATION_NOT_FOUND`. */
  private async application(
    em: EntityManager,
    id: string,
  ): Promise<{ application: CertificateApplication; subscriber: Subscriber }> {
    const application = uuid.test(id)
      ? await em.findOne(CertificateApplication, { id }, { populate: ['subscriber'] })
      : null;
    if (!application) throw new DomainError('APPLICATION_NOT_FOUND');
    if (!application.subscriber) throw new DomainError('SUBSCRIBER_NOT_FOUND');
    return { application, subscriber: application.subscriber };
  }

  /** The application form for its business type and holder, pre-filled for signing and stamping. */
  async applicationForm(em: EntityManager, applicationId: string): Promise<PrintedDocument> {
    const { application, subscriber } = await this.application(em, applicationId);
    const sheet = applicationFormSheet(application, subscriber, this.now());
    return printed(sheet, `${sheet.title}-${application.id}`);
  }

  /** The task completion record of a completed application; `TASK_NOT_COMPLETED` before it is completed. */
  async taskCompletionRecord(em: EntityManager, applicationId: string): Promise<PrintedDocument> {
    const { application, subscriber } = await this.application(em, applicationId);
    const record = await em.findOne(TaskCompletionRecord, { application });
    if (!record) throw new DomainError('TASK_NOT_COMPLETED');
    const sheet = taskCompletionSheet(record, application, subscriber, this.now());
    return printed(sheet, `${sheet.title}-${application.id}`);
  }

  /** The label of an archive box. */
  async archiveBoxLabel(em: EntityManager, boxId: string): Promise<PrintedDocument> {
    const box = uuid.test(boxId) ? await em.findOne(ArchiveBox, { id: boxId }) : null;
    if (!box) throw new DomainError('ARCHIVE_BOX_NOT_FOUND');
    const sheet = archiveBoxLabelSheet(await this.archives.label(em, box), this.now());
    return printed(sheet, `档案盒标签-${box.series}-${String(box.number).padStart(4, '0')}`);
  }

  /** A consultation record. */
  async consultationRecord(em: EntityManager, consultationId: string): Promise<PrintedDocument> {
    const consultation = uuid.test(consultationId) ? await em.findOne(Consultation, { id: consultationId }) : null;
    if (!consultation) throw new DomainError('CONSULTATION_NOT_FOUND');
    const sheet = consultationRecordSheet(consultation, this.now());
    return printed(sheet, `${sheet.title}-${consultation.id}`);
  }
}
