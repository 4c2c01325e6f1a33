import type { EntityManager } from '@mikro-orm/postgresql';
import { Certificate } from './certificate.entity';

export interface CertificateWriterOptions {
  em: EntityManager;
  /** Rows written by one statement at most; a full batch goes even while another is being written. */
  maxBatch?: number;
}

/** Queues a row; resolves once it is committed, rejects with this row's own error. */
export type InsertCertificate = (certificate: Certificate) => Promise<void>;

interface Queued {
  certificate: Certificate;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit of newly issued certificates: rows share one multi-row INSERT (one transaction, one
 * WAL flush) instead of a commit each. One batch is written at a time; the rows that arrive while
 * it is being written form the next one, so batches grow with the load by themselves and the
 * signing of the next certificates goes on while the database commits the last ones. A row that
 * finds nothing being written goes at once (after the rows queued in the same turn of the event
 * loop): a lone issuance never waits. The statement is atomic, so a batch is written whole or not
 * at all; when it fails, each row is retried alone so that only the issuance whose row is at
 * fault sees an error.
 */
export class CertificateWriter {
  private queue: Queued[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly options: CertificateWriterOptions) {}

  readonly insert: InsertCertificate = (certificate) =>
    new Promise((resolve, reject) => {
      this.queue.push({ certificate, resolve, reject });
      if (this.queue.length >= (this.options.maxBatch ?? 64)) this.flush();
      else if (this.inFlight === 0 && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          if (this.inFlight === 0) this.flush();
        });
      }
    });

  /** Writes what is queued and waits for every write under way (shutdown). */
  async idle(): Promise<void> {
    this.flush();
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  private flush(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight++;
    const write = this.write(batch).finally(() => {
      this.inFlight--;
      this.writing.delete(write);
      if (this.inFlight === 0) this.flush();
    });
    this.writing.add(write);
  }

  private async write(batch: Queued[]): Promise<void> {
    try {
      await this.options.em.fork().insertMany(
        Certificate,
        batch.map((queued) => queued.certificate),
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      await Promise.all(batch.map((queued) => this.writeAlone(queued)));
      return;
    }
    for (const queued of batch) queued.resolve();
  }

  private async writeAlone(queued: Queued): Promise<void> {
    try {
      await this.options.em.fork().insert(queued.certificate);
      queued.resolve();
    } catch (error) {
      queued.reject(error);
    }
  }
}
