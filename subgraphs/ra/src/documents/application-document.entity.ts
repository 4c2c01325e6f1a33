import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { CertificateApplication } from '../applications/certificate-application.entity';
import type { DocumentType } from './requirements';

/** One item of an application's document checklist (RA-10): the copy received, and its check. */
@Entity({ tableName: 'application_document' })
@Unique({ properties: ['application', 'documentType'] })
export class ApplicationDocument {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => CertificateApplication)
  application!: CertificateApplication;

  @Property({ type: 'text' })
  documentType!: DocumentType;

  @Property({ type: 'text', nullable: true })
  contentType?: string;

  @Property({ type: 'integer', nullable: true })
  size?: number;

  /** SHA-256 of the uploaded file, hex (indexed: the document sweep looks files up by it). */
  @Index()
  @Property({ type: 'text', nullable: true })
  sha256?: string;

  /** The copy itself when documents are kept in Postgres; empty when they are kept in a directory. */
  @Property({ type: 'blob', nullable: true, lazy: true })
  content?: Buffer | null;

  @Property({ type: 'text', nullable: true })
  checkedBy?: string;

  @Property({ type: 'timestamptz', nullable: true })
  checkedAt?: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
