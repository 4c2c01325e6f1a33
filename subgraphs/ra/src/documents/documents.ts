import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import type { CertificateApplication } from '../applications/certificate-application.entity';
import { ApplicationDocument } from './application-document.entity';
import { documentContentType } from './document-content';
import { type DocumentStore, documentStorage, sha256Hex } from './document-store';
import { type DocumentType, requiredDocuments } from './requirements';

export const maxDocumentBytes = 5 * 1024 * 1024;
/** Characters of a document of `maxDocumentBytes` in base64, as uploads carry it. */
export const maxDocumentBase64Length = Math.ceil((maxDocumentBytes * 4) / 3) + 4;

export interface ChecklistItem {
  documentType: DocumentType;
  received: ApplicationDocument | null;
  checked: boolean;
}

/**
 * What an application needs on paper (RA-10). A revocation review the RA opened itself for an
 * overlong suspension (RA-5, `reviewOf`) is review-only: the subscriber brings nothing for it.
 */
export function requiredFor(application: CertificateApplication): DocumentType[] {
  return application.reviewOf ? [] : requiredDocuments(application.businessType, application.certificateKind);
}

/** The document checklist of an application and the entry clerk's checks (RA-10). */
export class Documents {
  /** `store`: where copies are kept; by default the one configured at start. */
  constructor(private readonly configured?: DocumentStore) {}

  private get store(): DocumentStore {
    return this.configured ?? documentStorage.store;
  }

  async checklist(em: EntityManager, application: CertificateApplication): Promise<ChecklistItem[]> {
    const required = requiredFor(application);
    if (required.length === 0) return [];
    const rows = await em.find(ApplicationDocument, { application });
    return required.map((documentType) => {
      const received = rows.find((r) => r.documentType === documentType) ?? null;
      return { documentType, received, checked: Boolean(received?.checkedAt) };
    });
  }

  /** Keeps an uploaded copy (PDF/JPEG/PNG, at most 5 MB) with its SHA-256; a new upload clears the check. */
  async upload(em: EntityManager, application: CertificateApplication, documentType: DocumentType, content: Buffer) {
    this.requireRequired(application, documentType);
    const contentType =
      content.length > 0 && content.length <= maxDocumentBytes ? await documentContentType(content) : null;
    if (!contentType) {
      throw new DomainError('DOCUMENT_TYPE_UNSUPPORTED', { maxMegabytes: maxDocumentBytes / 1024 / 1024 });
    }
    const row = await this.row(em, application, documentType);
    Object.assign(row, {
      contentType,
      size: content.length,
      sha256: sha256Hex(content),
      checkedBy: undefined,
      checkedAt: undefined,
    });
    await this.store.save(row, content);
    await em.flush();
    return row;
  }

  /** The uploaded copy, read back and verified against its SHA-256. */
  async read(em: EntityManager, application: CertificateApplication, documentType: DocumentType) {
    this.requireRequired(application, documentType);
    const row = await em.findOne(ApplicationDocument, { application, documentType });
    if (!row?.sha256) throw new DomainError('DOCUMENT_CONTENT_MISSING', { documentType });
    return { row, content: await this.store.read(em, row) };
  }

  /** The entry clerk confirms the copy matches the form and is complete and valid. */
  async check(em: EntityManager, application: CertificateApplication, documentType: DocumentType, clerk: string) {
    this.requireRequired(application, documentType);
    // One statement whether or not a copy was uploaded first (issue 16 goal 6).
    return em.upsert(
      ApplicationDocument,
      { id: randomUUID(), application, documentType, checkedBy: clerk, checkedAt: new Date(), createdAt: new Date() },
      { onConflictFields: ['application', 'documentType'], onConflictMergeFields: ['checkedBy', 'checkedAt'] },
    );
  }

  async requireComplete(em: EntityManager, application: CertificateApplication): Promise<void> {
    const items = await this.checklist(em, application);
    if (items.some((i) => !i.checked)) throw new DomainError('DOCUMENTS_INCOMPLETE');
  }

  private requireRequired(application: CertificateApplication, documentType: DocumentType): void {
    if (!requiredFor(application).includes(documentType)) {
      throw new DomainError('DOCUMENT_NOT_REQUIRED');
    }
  }

  private async row(em: EntityManager, application: CertificateApplication, documentType: DocumentType) {
    return (
      (await em.findOne(ApplicationDocument, { application, documentType })) ??
      em.create(ApplicationDocument, { application, documentType })
    );
  }
}
