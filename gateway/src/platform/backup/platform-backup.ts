import fs from 'node:fs';
import path from 'node:path';
import {
  baseBackup,
  type Config,
  freePort,
  type Logger,
  restoreBaseBackup,
  runningEmbeddedPostgresUrl,
  startEmbeddedPostgres,
} from '@tessera/kit';

/** What a backup folder holds besides its parts; read first by a restore. */
export interface BackupManifest {
  format: 'tessera-backup-1';
  createdAt: string;
  postgres: { serverVersion: string; startLsn: string; stopLsn: string };
  /** Whether `documents/` holds the RA's uploads (RA_DOCUMENTS_DIR). */
  documents: boolean;
}

const manifestFile = 'backup.json';

/** The parts of a backup folder: the cluster, the rest of DATA_DIR, the RA's documents folder. */
function parts(folder: string) {
  return {
    postgres: path.join(folder, 'postgres'),
    data: path.join(folder, 'data'),
    documents: path.join(folder, 'documents'),
    manifest: path.join(folder, manifestFile),
  };
}

function embeddedOnly(config: Config, what: string): void {
  if (config.database.url) {
    throw new Error(
      `DATABASE_URL is set: ${what} covers the embedded PostgreSQL only. Back up an external server with its own ` +
        'tools (pg_basebackup and WAL archiving, CloudNativePG backups): docs/operations.md',
    );
  }
}

/** DATA_DIR's entries other than the cluster (and clusters set aside): the development keys, local files. */
function isLocalState(config: Config, source: string): boolean {
  const relative = path.relative(config.database.dataDir, source);
  const [top] = relative.split(path.sep);
  if (top === 'postgres' || top?.startsWith('postgres.broken-')) return false;
  const documents = config.ra.documentsDir;
  return !(documents && path.resolve(source) === path.resolve(documents));
}

/**
 * `npm run backup -- <folder>`: an online base backup of the embedded PostgreSQL (the running
 * platform's, or one started for the copy), then the rest of DATA_DIR and the RA's documents folder.
 * Documents are copied after the database, so every document row of the copy finds its file.
 */
export async function backupPlatform(config: Config, folder: string, log: Logger): Promise<BackupManifest> {
  embeddedOnly(config, 'npm run backup');
  const target = parts(folder);
  if (fs.existsSync(folder) && fs.readdirSync(folder).length > 0) {
    throw new Error(`${folder} is not empty: a backup goes into a new folder`);
  }
  const dataDir = path.join(config.database.dataDir, 'postgres');
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`${dataDir} holds no PostgreSQL cluster`);
  const running = runningEmbeddedPostgresUrl(dataDir, 'postgres');
  const server = running
    ? undefined
    : await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'tessera', log });
  let postgres: BackupManifest['postgres'];
  try {
    postgres = await baseBackup(running ?? (server?.urlOf('postgres') as string), dataDir, target.postgres);
  } finally {
    await server?.stop();
  }
  fs.cpSync(config.database.dataDir, target.data, {
    recursive: true,
    filter: (source) => source === config.database.dataDir || isLocalState(config, source),
  });
  const documents = Boolean(config.ra.documentsDir && fs.existsSync(config.ra.documentsDir));
  if (documents) fs.cpSync(config.ra.documentsDir as string, target.documents, { recursive: true });
  const manifest: BackupManifest = {
    format: 'tessera-backup-1',
    createdAt: new Date().toISOString(),
    postgres,
    documents,
  };
  fs.writeFileSync(target.manifest, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/**
 * `npm run restore -- <folder>`: a backup into a DATA_DIR holding no cluster (and RA_DOCUMENTS_DIR, when
 * set); PostgreSQL is then started once to replay the backup's write-ahead log, and stopped.
 */
export async function restorePlatform(config: Config, folder: string, log: Logger): Promise<BackupManifest> {
  embeddedOnly(config, 'npm run restore');
  const source = parts(folder);
  if (!fs.existsSync(source.manifest)) throw new Error(`${folder} holds no Tessera backup (no ${manifestFile})`);
  const manifest = JSON.parse(fs.readFileSync(source.manifest, 'utf8')) as BackupManifest;
  if (manifest.format !== 'tessera-backup-1') throw new Error(`${folder}: unknown backup format ${manifest.format}`);
  const dataDir = path.join(config.database.dataDir, 'postgres');
  if (manifest.documents && !config.ra.documentsDir) {
    throw new Error('the backup holds the RA documents folder: set RA_DOCUMENTS_DIR to where they go');
  }
  const taken = fs
    .readdirSync(source.data)
    .filter((name) => fs.existsSync(path.join(config.database.dataDir, name)))
    .map((name) => path.join(config.database.dataDir, name));
  if (taken.length > 0) throw new Error(`${taken.join(', ')} exists: a backup is restored into a new data folder`);
  restoreBaseBackup(source.postgres, dataDir);
  fs.cpSync(source.data, config.database.dataDir, { recursive: true, force: false, errorOnExist: true });
  if (manifest.documents) {
    fs.cpSync(source.documents, config.ra.documentsDir as string, { recursive: true, force: false });
  }
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'tessera', log });
  await server.stop();
  return manifest;
}
