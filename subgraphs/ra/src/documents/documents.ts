import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import { businessTypes, certificateKinds } from '../applications/business-type';
import type { CertificateApplication } from '../applications/certificate-application.entity';
import { ApplicationDocument } from './application-document.entity';
import { documentContentType } from './document-content';
import { type DocumentStore, documentStorage, sha256Hex } from './document-store';
import { type DocumentType, requiredDocuments } from './requirements';

export const maxDocumentBytes = 5 * 1024 * 1024;
/** Characters of a document of `maxDocumentBytes` in base64, as uploads carry it. */
export const maxDocumentBase64Length = Math.ceil((maxDocumentBytes * 4) / 3) + 4;

/** A checklist item as the entry clerk's check left it. */
export type CheckedDocument = Pick<
  ApplicationDocument,
  'id' | 'documentType' | 'contentType' | 'size' | 'sha256' | 'checkedBy' | 'checkedAt'
>;

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

  /**
   * Keeps an uploaded copy (PDF/JPEG/PNG, at most 5 MB) with its SHA-256. A new upload clears the check,
   * unless the entry clerk `checkedBy` checks it in the same act (issue 17 item 7: the paper in hand).
   */
  async upload(
    em: EntityManager,
    application: CertificateApplication,
    documentType: DocumentType,
    content: Buffer,
    checkedBy?: string,
  ) {
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
      checkedBy,
      checkedAt: checkedBy ? new Date() : undefined,
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

  /**
   * The entry clerk confirms the copy matches the form and is complete and valid. One statement
   * (issue 16 goal 6): the application is read, the check written only if the document is required
   * of it (RA-10, the same table as `requiredFor`, given as the business types and kinds that need
   * it), whether or not a copy was uploaded first; what was found says which refusal applies.
   */
  async check(
    em: EntityManager,
    application: Pick<CertificateApplication, 'id'>,
    documentType: DocumentType,
    clerk: string,
  ): Promise<CheckedDocument> {
    const needing = businessTypes.flatMap((type) =>
      certificateKinds
        .filter((kind) => requiredDocuments(type, kind).includes(documentType))
        .map((kind) => `${type} ${kind}`),
    );
    const now = new Date();
    const [row] = await em.getConnection().execute<{ found: string; checked: CheckedDocument | null }[]>(
      `with application as (
        select "id", "business_type", "certificate_kind", "review_of" from "ra"."certificate_application" where "id" = ?
      ), checked as (
        insert into "ra"."application_document" ("id", "application_id", "document_type", "checked_by", "checked_at", "created_at")
        select ?, a."id", ?, ?, ?, ? from application a
        where a."review_of" is null
          and a."business_type" || ' ' || a."certificate_kind" in (select jsonb_array_elements_text(?::jsonb))
        on conflict ("application_id", "document_type")
          do update set "checked_by" = excluded."checked_by", "checked_at" = excluded."checked_at"
        returning "id", "document_type" as "documentType", "content_type" as "contentType", "size", "sha256",
          "checked_by" as "checkedBy", "checked_at" as "checkedAt"
      )
      select a."id" as "found", row_to_json(c) as "checked" from application a left join checked c on true`,
      [application.id, randomUUID(), documentType, clerk, now, now, JSON.stringify(needing)],
      'all',
      em.getTransactionContext(),
    );
    if (!row) throw new DomainError('APPLICATION_NOT_FOUND');
    if (!row.checked) throw new DomainError('DOCUMENT_NOT_REQUIRED');
    return row.checked;
  }

  /** Refuses to go on while a required document is unchecked; `checked`: the types checked so far. */
  requireComplete(application: CertificateApplication, checked: readonly string[]): void {
    if (requiredFor(application).some((type) => !checked.includes(type))) throw new DomainError('DOCUMENTS_INCOMPLETE');
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
