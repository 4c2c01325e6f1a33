import type { EntityManager } from '@mikro-orm/postgresql';
import { Certificate } from './certificate.entity';

export interface CertificateWriterOptions {
  em: EntityManager;
  /** Rows written by one statement at most. */
  maxBatch?: number;
  /** How long a queued row waits for the rows of issuances still running, in milliseconds. */
  maxWaitMs?: number;
}

/** Queues a row; resolves once it is committed, rejects with this row's own error. */
export type InsertCertificate = (certificate: Certificate) => Promise<void>;

interface Queued {
  certificate: Certificate;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit of newly issued certificates: issuances running at the same time share one
 * multi-row INSERT (one transaction, one WAL flush) instead of a commit each, which was most of
 * the issuance time. A batch goes as soon as no other issuance is still running, or when it is
 * full, or after `maxWaitMs`: a lone issuance never waits. The statement is atomic, so a batch is
 * written whole or not at all; when it fails, each row is retried alone so that only the
 * issuance whose row is at fault sees an error.
 */
export class CertificateWriter {
  private queue: Queued[] = [];
  private running = 0;
  private timer?: NodeJS.Timeout;
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly options: CertificateWriterOptions) {}

  /** Runs one issuance, which hands its row to `insert` (or writes none); batches wait for running ones. */
  async during<T>(issue: (insert: InsertCertificate) => Promise<T>): Promise<T> {
    this.running++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.running--;
      if (this.running === 0) this.flush();
    };
    try {
      return await issue((certificate) => {
        const written = this.enqueue(certificate);
        finish();
        return written;
      });
    } finally {
      finish();
    }
  }

  /** Writes what is queued and waits for every write under way (shutdown). */
  async idle(): Promise<void> {
    this.flush();
    await Promise.all(this.writing);
  }

  private enqueue(certificate: Certificate): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ certificate, resolve, reject });
      if (this.queue.length >= (this.options.maxBatch ?? 64)) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs ?? 2);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const write = this.write(batch).finally(() => this.writing.delete(write));
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
