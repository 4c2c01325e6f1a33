import type { EntityManager } from '@mikro-orm/postgresql';
import type { ObjectStorageDocumentStore } from './object-storage-document-store';
import { type DocumentSweep, namedHashes, orphanGraceMs, type SweepOutcome } from './orphan-document-sweep';

/**
 * Removes the objects of the object-storage document store that no document row names (a replaced
 * upload, a row that never committed), once untouched for the grace period. An object some row
 * names is never removed. Just before removing one, its modification time is read again: a save of
 * the same content since the listing rewrote it, and it stays. Object storage has no rename, so
 * unlike the directory sweep a save landing between that check and the delete (milliseconds, for
 * content no row had named for a day) is not excluded; its row then reads `DOCUMENT_CONTENT_MISSING`
 * and the upload is repeated. A PUT is never seen half-done, so there are no unfinished writes.
 */
export class ObjectStorageOrphanSweep implements DocumentSweep {
  constructor(
    private readonly em: EntityManager,
    private readonly store: ObjectStorageDocumentStore,
  ) {}

  async run(now = new Date()): Promise<SweepOutcome> {
    const cutoff = now.getTime() - orphanGraceMs;
    const stale: string[] = [];
    for await (const object of this.store.objects()) {
      if (object.lastModified.getTime() < cutoff) stale.push(object.sha256);
    }
    const named = await namedHashes(this.em, stale);
    let removed = 0;
    for (const sha256 of stale.filter((hash) => !named.has(hash))) {
      const lastModified = await this.store.lastModified(sha256);
      if (!lastModified || lastModified.getTime() >= cutoff) continue;
      await this.store.remove(sha256);
      removed += 1;
    }
    return { removed, unfinished: 0 };
  }
}
