import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * What is not copied from a running cluster's data folder (PostgreSQL's documented list for a
 * low-level base backup): files of the running server, and folders whose contents are rebuilt at start.
 * `pg_wal` is copied separately, after the backup has stopped.
 */
const skippedFiles = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map']);
const emptiedFolders = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);

export interface BaseBackupResult {
  /** `SHOW server_version` of the cluster backed up. */
  serverVersion: string;
  /** Write-ahead log positions of the backup's start and end (the copy is consistent as of the end). */
  startLsn: string;
  stopLsn: string;
}

/** Copies one file, tolerating a file PostgreSQL removed meanwhile (a dropped table, a recycled segment). */
function copyFile(from: string, to: string): void {
  try {
    fs.copyFileSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function copyTree(from: string, to: string, skip: (relative: string, isDirectory: boolean) => boolean, at = ''): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const relative = at ? `${at}/${entry.name}` : entry.name;
    if (skip(relative, entry.isDirectory())) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target, skip, relative);
    else if (entry.isFile()) copyFile(source, target);
  }
}

/**
 * An online base backup of a cluster whose data folder is on this machine, by PostgreSQL's low-level
 * API (the embedded server ships no `pg_basebackup`, and Debian's `pg_dump` is older than the server):
 * a temporary replication slot keeps the write-ahead log from being recycled, `pg_backup_start` marks
 * the start, the data folder is copied while the server runs, `pg_backup_stop` gives the backup label,
 * and the write-ahead log written meanwhile is copied last. Started on the copy, PostgreSQL replays
 * that log to the backup's end and is consistent as of that moment.
 */
export async function baseBackup(databaseUrl: string, dataDir: string, target: string): Promise<BaseBackupResult> {
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new Error(`${target} is not empty: a backup goes into a new folder`);
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const serverVersion = (await client.query<{ server_version: string }>('show server_version')).rows[0]
      ?.server_version as string;
    const slot = `tessera_backup_${process.pid}`;
    await client.query('select pg_create_physical_replication_slot($1, true, true)', [slot]);
    const started = await client.query<{ lsn: string }>('select pg_backup_start($1, true)::text as lsn', [
      `tessera ${new Date().toISOString()}`,
    ]);
    let stopped: { lsn: string; labelfile: string; spcmapfile: string | null } | undefined;
    try {
      copyTree(dataDir, target, (relative, isDirectory) => {
        const [top] = relative.split('/');
        if (!relative.includes('/')) return isDirectory ? false : skippedFiles.has(relative);
        return emptiedFolders.has(top as string);
      });
    } finally {
      stopped = (
        await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
          'select lsn::text as lsn, labelfile, spcmapfile from pg_backup_stop(false)',
        )
      ).rows[0];
    }
    if (!stopped) throw new Error('pg_backup_stop returned nothing');
    fs.writeFileSync(path.join(target, 'backup_label'), stopped.labelfile, { mode: 0o600 });
    if (stopped.spcmapfile) fs.writeFileSync(path.join(target, 'tablespace_map'), stopped.spcmapfile, { mode: 0o600 });
    // The slot has held every segment since the start: copied now, they reach past the backup's end.
    copyTree(path.join(dataDir, 'pg_wal'), path.join(target, 'pg_wal'), (relative) =>
      relative.startsWith('archive_status/'),
    );
    await client.query('select pg_drop_replication_slot($1)', [slot]);
    return { serverVersion, startLsn: started.rows[0]?.lsn as string, stopLsn: stopped.lsn };
  } finally {
    await client.end();
  }
}

/**
 * Puts a base backup in place as the data folder of a new cluster (which must not exist yet), owned
 * by the `postgres` user when running as root, as the embedded server runs then. Its next start
 * replays the write-ahead log of the backup.
 */
export function restoreBaseBackup(backup: string, dataDir: string): void {
  if (!fs.existsSync(path.join(backup, 'backup_label'))) {
    throw new Error(`${backup} holds no base backup (no backup_label)`);
  }
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty: a backup is restored into a new data folder`);
  }
  copyTree(backup, dataDir, () => false);
  fs.chmodSync(dataDir, 0o700);
  if (process.getuid?.() !== 0) return;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    id('-u');
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
  }
  const [uid, gid] = [id('-u'), id('-g')];
  const own = (at: string) => {
    fs.chownSync(at, uid, gid);
    if (fs.statSync(at).isDirectory()) for (const name of fs.readdirSync(at)) own(path.join(at, name));
  };
  own(dataDir);
}
