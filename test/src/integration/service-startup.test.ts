import { spawn } from 'node:child_process';
import path from 'node:path';
import { certificate } from '@tessera/certificate';
import { identity } from '@tessera/identity';
import { createLogger, loadConfig, startSubgraph } from '@tessera/kit';
import { ra } from '@tessera/ra';
import { Client } from 'pg';
import { createTestDatabase } from '../harness/platform';

const repo = path.resolve(__dirname, '../../..');

/** Runs a built entry point to its end with `env` over the test's environment; its exit code and output lines. */
function run(
  entry: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, entry)], {
      cwd: repo,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not end within 60 s:\n${stdout}${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: stdout.split('\n').filter(Boolean), stderr });
    });
  });
}

async function schemasOf(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query(
      "select schema_name from information_schema.schemata where schema_name in ('identity', 'certificate', 'ra') order by 1",
    );
    return rows.rows.map((r) => r.schema_name as string);
  } finally {
    await client.end();
  }
}

const silent = createLogger({ service: 'ra', level: 'silent' });

describe('npm run migrate, then services that do not migrate (issue 13, item 2)', () => {
  it('migrates every schema, one JSON line each, exits 0; a subgraph then starts on it without migrating', async () => {
    const url = await createTestDatabase();
    const migrated = await run('gateway/dist/platform/migrate.js', { DATABASE_URL: url });
    expect(migrated.code).toBe(0);
    const lines = migrated.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.service, l.schema, l.level, l.applied])).toEqual([
      ['migrate', 'identity', 'info', identity.migrations.map((m) => m.name)],
      ['migrate', 'certificate', 'info', certificate.migrations.map((m) => m.name)],
      ['migrate', 'ra', 'info', ra.migrations.map((m) => m.name)],
    ]);

    const again = await run('gateway/dist/platform/migrate.js', { DATABASE_URL: url });
    expect(again.code).toBe(0);
    expect(again.stdout.map((line) => (JSON.parse(line) as { applied: string[] }).applied)).toEqual([[], [], []]);

    const config = loadConfig({ NODE_ENV: 'test', MIGRATE_ON_START: 'false', DATABASE_POOL_SIZE: '3' });
    const service = await startSubgraph(ra, { config, databaseUrl: url, port: 0, log: silent });
    try {
      expect(service.orm.config.get('pool')).toMatchObject({ max: 3 });
      const ready = await fetch(new URL('/ready', service.url));
      expect(ready.status).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('exits 1 when a schema cannot be migrated, still with one JSON line per schema', async () => {
    const migrated = await run('gateway/dist/platform/migrate.js', {
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:9/nowhere',
    });
    expect(migrated.code).toBe(1);
    const lines = migrated.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.schema, l.level, l.message])).toEqual([
      ['identity', 'error', 'schema migration failed'],
      ['certificate', 'error', 'schema migration failed'],
      ['ra', 'error', 'schema migration failed'],
    ]);
  });

  it('with MIGRATE_ON_START=false, a subgraph refuses to start on a schema with migrations pending', async () => {
    const url = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', MIGRATE_ON_START: 'false' });
    await expect(startSubgraph(ra, { config, databaseUrl: url, port: 0, log: silent })).rejects.toThrow(
      /schema ra has \d+ migration\(s\) pending .*npm run migrate/,
    );
    expect(await schemasOf(url)).toEqual([]);
  });
});

describe('a subgraph that cannot start (issue 13, item 4)', () => {
  it.each([
    ['identity', 'subgraphs/identity/dist/main.js', /DATA_ENCRYPTION_KEYS and DATA_INDEX_KEY must be configured/],
    ['certificate', 'subgraphs/certificate/dist/main.js', /CA_KEY_ENCRYPTION_KEY is required in production/],
    ['ra', 'subgraphs/ra/dist/main.js', /DATA_ENCRYPTION_KEYS and DATA_INDEX_KEY must be configured/],
  ])(
    '%s refuses a bad production configuration before any migration, as one JSON line',
    async (service, entry, why) => {
      const url = await createTestDatabase();
      const started = await run(entry, {
        NODE_ENV: 'production',
        DATABASE_URL: url,
        PUBLIC_URL: 'https://tessera.example/',
      });
      expect(started.code).toBe(1);
      expect(started.stderr).toBe('');
      expect(started.stdout).toHaveLength(1);
      const line = JSON.parse(started.stdout[0] ?? '') as {
        level: string;
        service: string;
        message: string;
        err: { message: string };
      };
      expect(line).toMatchObject({ level: 'fatal', service, message: `${service} could not start` });
      expect(line.err.message).toMatch(why);
      expect(await schemasOf(url)).toEqual([]);
    },
  );

  it.each([
    ['ra', 'subgraphs/ra/dist/main.js'],
    ['gateway', 'gateway/dist/main.js'],
    ['platform', 'gateway/dist/platform/main.js'],
  ])('%s names every configuration problem in that one line', async (service, entry) => {
    const started = await run(entry, { DATABASE_URL: 'not a url', GATEWAY_PORT: 'eighty' });
    expect(started.code).toBe(1);
    expect(started.stdout).toHaveLength(1);
    const line = JSON.parse(started.stdout[0] ?? '') as { service: string; err: { problems: string[] } };
    expect(line.service).toBe(service);
    expect(line.err.problems).toEqual([expect.stringMatching(/^DATABASE_URL/), expect.stringMatching(/^GATEWAY_PORT/)]);
  });
});
