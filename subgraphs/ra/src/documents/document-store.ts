import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import type { ApplicationDocument } from './application-document.entity';

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Where the uploaded copies of documents are kept (RA item 5): in Postgres, in a configured shared
 * directory (`RA_DOCUMENTS_DIR`) or in S3-compatible object storage (`RA_DOCUMENTS_S3_*`). Either way the row keeps the type, size and SHA-256, and a copy is
 * read back only if it still has that hash.
 */
export interface DocumentStore {
  /** Keeps `content` for the row (whose `sha256` is already set); the caller flushes the row. */
  save(row: ApplicationDocument, content: Buffer): Promise<void>;
  /** The row's copy, verified against its SHA-256. */
  read(em: EntityManager, row: ApplicationDocument): Promise<Buffer>;
}

/** The name of a copy: its SHA-256 (anything else names no copy). */
export function keyOf(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new DomainError('DOCUMENT_CONTENT_MISSING');
  return sha256;
}

/** The copy, when it has the row's SHA-256; a missing or altered copy is a typed error. */
export function verified(row: ApplicationDocument, content: Buffer | null | undefined): Buffer {
  if (!content) throw new DomainError('DOCUMENT_CONTENT_MISSING', { documentType: row.documentType });
  if (sha256Hex(content) !== row.sha256) {
    throw new DomainError('DOCUMENT_CONTENT_CORRUPT', { documentType: row.documentType });
  }
  return content;
}

/** The copy in the row itself (a `bytea` column, loaded only when read). */
export class PostgresDocumentStore implements DocumentStore {
  async save(row: ApplicationDocument, content: Buffer): Promise<void> {
    row.content = content;
  }

  async read(em: EntityManager, row: ApplicationDocument): Promise<Buffer> {
    await em.populate(row, ['content']);
    return verified(row, row.content);
  }
}

/**
 * Copies as files named by their SHA-256 (`ab/abcdef…`) under a directory: the same content is kept
 * once, a file is written to a temporary name and renamed into place (a reader never sees half a
 * file), and the row's own column stays empty. A file no row names any more (a replaced upload, a
 * row that never committed) is removed by the `OrphanDocumentSweep`; saving content that is
 * already there marks its file as in use again (its modification time), so the sweep leaves it.
 */
export class DirectoryDocumentStore implements DocumentStore {
  constructor(readonly directory: string) {}

  pathOf(sha256: string): string {
    return path.join(this.directory, sha256.slice(0, 2), keyOf(sha256));
  }

  async save(row: ApplicationDocument, content: Buffer): Promise<void> {
    const sha256 = row.sha256 as string;
    const target = this.pathOf(sha256);
    if (!((await this.holds(target, sha256)) && (await this.touch(target)))) {
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomUUID()}.tmp`;
      const file = await open(temporary, 'wx', 0o640);
      try {
        await file.writeFile(content);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, target).catch(async (error: unknown) => {
        await rm(temporary, { force: true });
        throw error;
      });
    }
    row.content = null;
  }

  async read(_em: EntityManager, row: ApplicationDocument): Promise<Buffer> {
    const content = await readFile(this.pathOf(row.sha256 ?? '')).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    return verified(row, content);
  }

  /** Marks a kept file as just used; false when it has gone meanwhile (the sweep took it), so it is written again. */
  private async touch(target: string): Promise<boolean> {
    const now = new Date();
    return utimes(target, now, now).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
  }

  /** An intact copy is already there (content-addressed: same name, same bytes); a damaged one is replaced. */
  private async holds(target: string, sha256: string): Promise<boolean> {
    const existing = await readFile(target).catch(() => null);
    return existing !== null && sha256Hex(existing) === sha256;
  }
}

/** The store the subgraph uses, set at start (`configured-document-store.ts`; unset: Postgres). */
export const documentStorage: { store: DocumentStore } = { store: new PostgresDocumentStore() };
