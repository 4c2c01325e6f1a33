import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, freePort, type Logger, portInUse, startEmbeddedPostgres } from '@tessera/kit';

function capturingLog(): { log: Logger; messages: string[] } {
  const messages: string[] = [];
  const log = createLogger({
    service: 'postgres-test',
    level: 'info',
    destination: { write: (line: string) => messages.push(JSON.parse(line).message) } as never,
  });
  return { log, messages };
}

function pidOf(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-embedded-'));
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps its data across a restart and stops without leaving a postmaster', async () => {
    const dataDir = path.join(root, 'data');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'tessera', log: capturingLog().log });
    const pid = pidOf(dataDir);
    await first.createDatabase('kept');
    await first.stop();
    expect(alive(pid)).toBe(false);
    expect(await portInUse(port)).toBe(false);

    const { log, messages } = capturingLog();
    const second = await startEmbeddedPostgres({ dataDir, port, database: 'tessera', log });
    try {
      expect(messages).not.toContain('initialising the embedded PostgreSQL cluster');
      const { Client } = await import('pg');
      const client = new Client({ connectionString: second.urlOf('kept') });
      await client.connect();
      await client.end();
    } finally {
      await second.stop();
    }
  });

  it('stops a postmaster left running by a killed run, with a clear message, and starts', async () => {
    const dataDir = path.join(root, 'data');
    const port = await freePort();
    await startEmbeddedPostgres({ dataDir, port, database: 'tessera', log: capturingLog().log });
    const orphan = pidOf(dataDir);
    expect(alive(orphan)).toBe(true);

    const { log, messages } = capturingLog();
    const next = await startEmbeddedPostgres({ dataDir, port, database: 'tessera', log });
    try {
      expect(messages).toContain('a PostgreSQL from an earlier run is still running on this data folder: stopping it');
      expect(alive(orphan)).toBe(false);
      expect(pidOf(dataDir)).not.toBe(orphan);
    } finally {
      await next.stop();
    }
  });

  it('sets aside a data folder left half-initialised and makes a fresh cluster', async () => {
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'postgresql.conf'), '# interrupted initdb\n');
    const { log, messages } = capturingLog();
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'tessera', log });
    try {
      expect(messages).toContain('the data folder holds an unfinished initialisation: moving it aside');
      expect(fs.readdirSync(root).some((name) => name.startsWith('data.broken-'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('refuses a port taken by another program and says what to do', async () => {
    const net = await import('node:net');
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const { port } = blocker.address() as import('node:net').AddressInfo;
    try {
      await expect(
        startEmbeddedPostgres({ dataDir: path.join(root, 'data'), port, database: 'tessera', log: capturingLog().log }),
      ).rejects.toThrow(/Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL/);
    } finally {
      blocker.close();
    }
  });

  const kitDist = path.resolve(__dirname, '../../../subgraphs/kit/dist/index.js');
  const canSwitchUser = process.getuid?.() === 0 && fs.existsSync('/usr/sbin/runuser') && fs.existsSync(kitDist);
  (canSwitchUser ? it : it.skip)('runs as a normal user too (no postgres system user needed)', async () => {
    fs.chmodSync(root, 0o777);
    const port = await freePort();
    const script = `
      const kit = require(${JSON.stringify(kitDist)});
      (async () => {
        const log = kit.createLogger({ service: 'pg', level: 'silent' });
        const pg = await kit.startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(root, 'data'))}, port: ${port}, database: 'tessera', log });
        const { Client } = require('pg');
        const client = new Client({ connectionString: pg.url });
        await client.connect();
        const { rows } = await client.query('select current_user');
        await client.end();
        await pg.stop();
        process.stdout.write(JSON.stringify({ uid: process.getuid(), user: rows[0].current_user }));
      })().catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
    const output = execFileSync('/usr/sbin/runuser', ['-u', 'nobody', '--', process.execPath, '-e', script], {
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(output)).toEqual({ uid: 65534, user: 'postgres' });
    expect(fs.statSync(path.join(root, 'data')).uid).toBe(65534);
  });
});
