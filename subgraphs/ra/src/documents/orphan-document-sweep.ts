import { randomUUID } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationDocument } from './application-document.entity';
import type { DirectoryDocumentStore } from './document-store';

/** How long a copy stays untouched before a sweep may take it: far longer than any upload's commit. */
export const orphanGraceMs = 24 * 60 * 60 * 1000;

/** How often the RA sweeps its document directory. */
export const orphanSweepEveryMs = 60 * 60 * 1000;

/** A file set aside longer ago than this was left by a sweep that stopped half-way (one takes milliseconds). */
const setAsideLongAgoMs = 10 * 60 * 1000;

const hashName = /^[0-9a-f]{64}$/;
/** A copy being written (`<hash>.<uuid>.tmp`) or set aside by a sweep (`<hash>.<uuid>.sweep`). */
const transientName = /^([0-9a-f]{64})\.[0-9a-f-]{36}\.(tmp|sweep)$/;

/** What one sweep did. */
export interface SweepOutcome {
  /** Copies no document row names, removed. */
  removed: number;
  /** Temporary files of writes that never finished, removed. */
  unfinished: number;
}

/** A sweep of copies no document row names, run hourly as a scheduled job. */
export interface DocumentSweep {
  run(now?: Date): Promise<SweepOutcome>;
}

/** Which of these hashes some document row names. */
export async function namedHashes(em: EntityManager, hashes: string[]): Promise<Set<string>> {
  const named = new Set<string>();
  for (let start = 0; start < hashes.length; start += 1000) {
    const rows = await em
      .fork()
      .find(
        ApplicationDocument,
        { sha256: { $in: hashes.slice(start, start + 1000) } },
        { fields: ['sha256'], disableIdentityMap: true },
      );
    for (const row of rows) if (row.sha256) named.add(row.sha256);
  }
  return named;
}

interface FileOnDisk {
  path: string;
  sha256: string;
  kind: 'copy' | 'tmp' | 'sweep';
  modifiedMs: number;
  /** When the file was last renamed or written (its ctime). */
  changedMs: number;
}

function unlessGone(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT') return undefined;
  throw error;
}

/**
 * Removes the files of the directory document store that no document row names: the copy of an
 * upload that was replaced, or of one whose row never committed, and temporary files of writes a
 * crash cut short. Only files untouched for the grace period are candidates, and a copy some row
 * names is never moved. A candidate is first renamed aside and its modification time read again:
 * a save of the same content that touched it in between wins, and the file goes back; one that
 * comes after the rename finds no file and writes it anew. A file a sweep set aside and a crash
 * left there is put back first (the next sweep judges it again), so nothing a row names is lost.
 */
export class OrphanDocumentSweep implements DocumentSweep {
  constructor(
    private readonly em: EntityManager,
    private readonly store: DirectoryDocumentStore,
  ) {}

  async run(now = new Date()): Promise<SweepOutcome> {
    const cutoff = now.getTime() - orphanGraceMs;
    const files = await this.files();
    const interrupted = now.getTime() - setAsideLongAgoMs;
    for (const file of files.filter((f) => f.kind === 'sweep' && f.changedMs < interrupted)) {
      await rename(file.path, this.store.pathOf(file.sha256)).catch(unlessGone);
    }
    let unfinished = 0;
    for (const file of files.filter((f) => f.kind === 'tmp' && f.modifiedMs < cutoff)) {
      await rm(file.path, { force: true });
      unfinished += 1;
    }
    const stale = files.filter((f) => f.kind === 'copy' && f.modifiedMs < cutoff);
    const named = await namedHashes(
      this.em,
      stale.map((f) => f.sha256),
    );
    let removed = 0;
    for (const file of stale.filter((f) => !named.has(f.sha256))) {
      if (await this.removeUnlessTouched(file.path, cutoff)) removed += 1;
    }
    return { removed, unfinished };
  }

  private async removeUnlessTouched(file: string, cutoff: number): Promise<boolean> {
    const aside = `${file}.${randomUUID()}.sweep`;
    try {
      await rename(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    if ((await stat(aside)).mtimeMs >= cutoff) {
      await rename(aside, file);
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  private async files(): Promise<FileOnDisk[]> {
    const found: FileOnDisk[] = [];
    const folders = await readdir(this.store.directory, { withFileTypes: true }).catch(unlessGone);
    for (const folder of folders ?? []) {
      if (!folder.isDirectory() || !/^[0-9a-f]{2}$/.test(folder.name)) continue;
      for (const name of await readdir(path.join(this.store.directory, folder.name))) {
        const transient = transientName.exec(name);
        const sha256 = hashName.test(name) ? name : transient?.[1];
        if (!sha256 || sha256.slice(0, 2) !== folder.name) continue;
        const file = path.join(this.store.directory, folder.name, name);
        const stats = await stat(file).catch(unlessGone);
        if (!stats?.isFile()) continue;
        const kind = transient ? (transient[2] as 'tmp' | 'sweep') : 'copy';
        found.push({ path: file, sha256, kind, modifiedMs: stats.mtimeMs, changedMs: stats.ctimeMs });
      }
    }
    return found;
  }
}
