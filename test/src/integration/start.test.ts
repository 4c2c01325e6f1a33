import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@tessera/kit';
import { createTestDatabase } from '../harness/platform';
import { alive, exitOf, parentOf, postmasterPid } from '../harness/processes';

const repo = path.resolve(__dirname, '../../..');
const entry = path.join(repo, 'gateway/dist/platform/main.js');

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  base: string;
}

/** `npm start` as a user runs it (the built entry point), on free ports and a temporary data folder. */
async function start(dataDir: string, ports: Record<string, number>, databaseUrl = ''): Promise<Started> {
  const child = spawn(process.execPath, [entry], {
    cwd: repo,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      GATEWAY_PORT: String(ports.gateway),
      IDENTITY_PORT: String(ports.identity),
      CERTIFICATE_PORT: String(ports.certificate),
      RA_PORT: String(ports.ra),
      EMBEDDED_PG_PORT: String(ports.postgres),
    },
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 120 s:\n${text}`)), 120_000);
    const check = () => {
      if (text.includes('Tessera is running.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before starting:\n${text}`));
    });
  });
  return { child, output: () => text, base: `http://127.0.0.1:${ports.gateway}` };
}

async function kid(identityPort: number): Promise<string> {
  const jwks = (await (await fetch(`http://127.0.0.1:${identityPort}/.well-known/jwks.json`)).json()) as {
    keys: { kid: string }[];
  };
  return jwks.keys[0]?.kid ?? '';
}

const built = fs.existsSync(entry);

(built ? describe : describe.skip)('npm start (the embedded platform)', () => {
  let dataDir: string;
  let ports: Record<string, number>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-start-'));
    ports = {
      gateway: await freePort(),
      identity: await freePort(),
      certificate: await freePort(),
      ra: await freePort(),
      postgres: await freePort(),
    };
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts everything, prints where to open it, serves the clients, and stops on Ctrl-C leaving no postgres', async () => {
    const run = await start(dataDir, ports);
    expect(run.output()).toContain(`web client (citizens)  ${run.base}/`);
    expect(run.output()).toContain(`GraphQL endpoint       ${run.base}/graphql`);
    expect((await fetch(`${run.base}/ready`)).status).toBe(200);
    const web = await fetch(`${run.base}/`);
    expect(web.status).toBe(200);
    expect(await web.text()).toMatch(/<html lang="zh-CN"/);
    expect((await fetch(`${run.base}/admin/`)).status).toBe(200);
    // RA item 16: the demo data includes a fee schedule (RA-12).
    const fees = await fetch(`${run.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ feeSchedule { businessType certificateKind amountFen } }' }),
    });
    const { data } = (await fees.json()) as { data: { feeSchedule: { amountFen: number }[] } };
    expect(data.feeSchedule.filter((entry) => entry.amountFen > 0).length).toBeGreaterThanOrEqual(15);
    // Issue 12: the example business system runs as each demo registration, or its line says why not.
    for (const [code, port, name] of [
      ['demo-portal', 4020, '社保业务演示系统'],
      ['demo-pension', 4021, '养老待遇演示系统'],
    ] as const) {
      const url = `http://127.0.0.1:${port}/`;
      expect(run.output()).toMatch(
        new RegExp(`${url}  \\(${code}\\)|not started  \\(${code}: port ${port} is taken\\)`),
      );
      if (run.output().includes(`${url}  (${code})`)) expect(await (await fetch(url)).text()).toContain(name);
    }
    const postgres = postmasterPid(dataDir);
    const exit = exitOf(run.child);
    run.child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(alive(postgres)).toBe(false);
  }, 180_000);

  it('keeps its data across restarts, and recovers from a killed run with a clear message', async () => {
    const second = await start(dataDir, ports);
    const keyBefore = await kid(ports.identity as number);
    const orphan = postmasterPid(dataDir);
    // npm start and the process PostgreSQL runs under, killed at once (`kill -9`): the postmaster is left behind.
    const killed = exitOf(second.child);
    process.kill(parentOf(orphan), 'SIGKILL');
    second.child.kill('SIGKILL');
    await killed;
    expect(alive(orphan)).toBe(true);

    const third = await start(dataDir, ports);
    try {
      expect(third.output()).toContain(
        'a PostgreSQL from an earlier run is still running on this data folder: stopping it',
      );
      expect(alive(orphan)).toBe(false);
      expect(await kid(ports.identity as number)).toBe(keyBefore);
    } finally {
      const exit = exitOf(third.child);
      third.child.kill('SIGTERM');
      expect(await exit).toBe(0);
    }
  }, 180_000);
});

(built ? it : it.skip)(
  'runs on an external PostgreSQL when DATABASE_URL is set, starting no embedded one',
  async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-external-'));
    const ports = {
      gateway: await freePort(),
      identity: await freePort(),
      certificate: await freePort(),
      ra: await freePort(),
      postgres: await freePort(),
    };
    try {
      const run = await start(dataDir, ports, await createTestDatabase());
      expect(run.output()).toContain('database               DATABASE_URL');
      expect((await fetch(`${run.base}/ready`)).status).toBe(200);
      expect(fs.existsSync(path.join(dataDir, 'postgres'))).toBe(false);
      const exit = exitOf(run.child);
      run.child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
  180_000,
);

if (!built) {
  console.warn(`npm start test skipped: ${entry} is not built (npm test builds it; run \`npm run build\` first)`);
}
