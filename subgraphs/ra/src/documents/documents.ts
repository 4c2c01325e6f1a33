import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import type { CertificateApplication } from '../applications/certificate-application.entity';
import { ApplicationDocument } from './application-document.entity';
import { type DocumentType, requiredDocuments } from './requirements';

export const maxDocumentBytes = 5 * 1024 * 1024;

/** The file type from its first bytes: PDF, JPEG or PNG, never from what the client claims. */
export function sniffContentType(content: Buffer): string | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

export interface ChecklistItem {
  documentType: DocumentType;
  received: ApplicationDocument | null;
  checked: boolean;
}

/** The document checklist of an application and the entry clerk's checks (RA-10). */
export class Documents {
  async checklist(em: EntityManager, application: CertificateApplication): Promise<ChecklistItem[]> {
    const rows = await em.find(ApplicationDocument, { application });
    return requiredDocuments(application.businessType, application.certificateKind).map((documentType) => {
      const received = rows.find((r) => r.documentType === documentType) ?? null;
      return { documentType, received, checked: Boolean(received?.checkedAt) };
    });
  }

  /** Keeps an uploaded copy (PDF/JPEG/PNG, at most 5 MB) with its SHA-256; a new upload clears the check. */
  async upload(em: EntityManager, application: CertificateApplication, documentType: DocumentType, content: Buffer) {
    this.requireRequired(application, documentType);
    const contentType = sniffContentType(content);
    if (!contentType || content.length === 0 || content.length > maxDocumentBytes) {
      throw new DomainError('DOCUMENT_TYPE_UNSUPPORTED', { maxMegabytes: maxDocumentBytes / 1024 / 1024 });
    }
    const row = await this.row(em, application, documentType);
    Object.assign(row, {
      content,
      contentType,
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      checkedBy: undefined,
      checkedAt: undefined,
    });
    await em.flush();
    return row;
  }

  /** The entry clerk confirms the copy matches the form and is complete and valid. */
  async check(em: EntityManager, application: CertificateApplication, documentType: DocumentType, clerk: string) {
    this.requireRequired(application, documentType);
    const row = await this.row(em, application, documentType);
    row.checkedBy = clerk;
    row.checkedAt = new Date();
    await em.flush();
    return row;
  }

  async requireComplete(em: EntityManager, application: CertificateApplication): Promise<void> {
    const items = await this.checklist(em, application);
    if (items.some((i) => !i.checked)) throw new DomainError('DOCUMENTS_INCOMPLETE');
  }

  private requireRequired(application: CertificateApplication, documentType: DocumentType): void {
    if (!requiredDocuments(application.businessType, application.certificateKind).includes(documentType)) {
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
