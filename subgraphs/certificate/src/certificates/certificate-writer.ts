import type { EntityManager } from '@mikro-orm/postgresql';
import { GroupInsert } from '@tessera/kit';
import { Certificate } from './certificate.entity';

export interface CertificateWriterOptions {
  em: EntityManager;
  /** Rows written by one statement at most; a full batch goes even while another is being written. */
  maxBatch?: number;
}

/** Queues a row; resolves once it is committed, rejects with this row's own error. */
export type InsertCertificate = (certificate: Certificate) => Promise<void>;

/** Group commit of newly issued certificates (the kit's `GroupInsert`): one WAL flush for the issuances finishing together. */
export class CertificateWriter extends GroupInsert<Certificate> {
  constructor(options: CertificateWriterOptions) {
    super({ ...options, entity: Certificate });
  }
}
