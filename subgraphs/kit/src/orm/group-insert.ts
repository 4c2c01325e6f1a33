import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UnnestInsert } from './unnest-insert';

export interface GroupInsertOptions<T extends object> {
  em: EntityManager;
  entity: EntityClass<T>;
  /** Rows written by one statement at most; a full batch goes even while another is being written. */
  maxBatch?: number;
  /**
   * Commit without waiting for the WAL flush (PostgreSQL `synchronous_commit = off` for these transactions only):
   * a crash may lose the rows of the last fraction of a second (never part of a batch, never other data), and a
   * writer is no longer bound by the disk's flush latency. For records whose last moment may be lost.
   */
  asynchronousCommit?: boolean;
  /**
   * Batches written at once, each on its own connection (default 1). More hide the commit's round trips when
   * callers wait for their rows: a lone batch in flight makes every caller wait for the one before it.
   */
  concurrentBatches?: number;
}

interface Queued<T> {
  row: T;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit of new rows: rows share one multi-row INSERT (one transaction, one WAL flush) instead of a
 * commit each. One batch is written at a time (or `concurrentBatches`); the rows that arrive while it is being
 * written form the next one, so batches grow with the load by themselves and the work of the next rows goes on while the database
 * commits the last ones. A row that finds nothing being written goes at once (after the rows queued in the
 * same turn of the event loop): a lone row never waits. The statement is atomic, so a batch is written whole
 * or not at all; when it fails, each row is retried alone so that only the caller whose row is at fault sees
 * an error. Entities of plain columns go in one prepared statement per batch (`UnnestInsert`: one round trip,
 * asynchronous commit included); others through the ORM's multi-row insert.
 */
export class GroupInsert<T extends object> {
  private queue: Queued<T>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly writing = new Set<Promise<void>>();

  private readonly concurrentBatches: number;
  /** The one-statement insert, when the entity's columns allow it; decided at the first batch. */
  private unnest?: UnnestInsert<T> | null;

  constructor(private readonly options: GroupInsertOptions<T>) {
    this.concurrentBatches = Math.max(1, options.concurrentBatches ?? 1);
  }

  /** Queues a row; resolves once it is committed, rejects with this row's own error. */
  readonly insert = (row: T): Promise<void> =>
    new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.queue.length >= (this.options.maxBatch ?? 64)) this.flush();
      else if (this.inFlight < this.concurrentBatches && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          if (this.inFlight < this.concurrentBatches) this.flush();
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
      if (this.inFlight < this.concurrentBatches) this.flush();
    });
    this.writing.add(write);
  }

  private async write(batch: Queued<T>[]): Promise<void> {
    const unnest = this.unnestInsert();
    const parts = unnest ? unnest.partition(batch, (queued) => queued.row) : [batch];
    await Promise.all(parts.map((part) => this.writePart(part)));
  }

  /** Rows written by one atomic statement; when it fails, each alone. */
  private async writePart(part: Queued<T>[]): Promise<void> {
    try {
      await this.commit(part.map((queued) => queued.row));
    } catch (error) {
      if (part.length === 1) {
        part[0]?.reject(error);
        return;
      }
      await Promise.all(part.map((queued) => this.writeAlone(queued)));
      return;
    }
    for (const queued of part) queued.resolve();
  }

  private unnestInsert(): UnnestInsert<T> | null {
    const { em, entity, asynchronousCommit = false } = this.options;
    if (this.unnest === undefined) this.unnest = UnnestInsert.plan(em, entity, { asynchronousCommit }) ?? null;
    return this.unnest;
  }

  private async commit(rows: T[]): Promise<void> {
    const { em, entity, asynchronousCommit } = this.options;
    const unnest = this.unnestInsert();
    if (unnest) {
      await unnest.insert(em, rows);
      return;
    }
    const insert = (target: EntityManager) => target.insertMany(entity, rows);
    if (!asynchronousCommit) {
      await insert(em.fork());
      return;
    }
    await em.fork().transactional(async (tx) => {
      await tx.execute('set local synchronous_commit to off');
      await insert(tx);
    });
  }

  private async writeAlone(queued: Queued<T>): Promise<void> {
    try {
      await this.commit([queued.row]);
      queued.resolve();
    } catch (error) {
      queued.reject(error);
    }
  }
}
