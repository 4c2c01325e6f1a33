import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { demoBusinessSystems, demoCitizen, demoPassword } from '@tessera/identity';
import { distinctPorts } from '../harness/cluster';
import { alive, cpuTicks, exitOf, listenerOf, parentOf, postmasterPid } from '../harness/processes';
import { authorizationUrl, interactionUid, redeemCode, UserAgent } from '../harness/sso';

const repo = path.resolve(__dirname, '../../..');
const entry = path.join(repo, 'gateway/dist/platform/main.js');
const captchaAnswer = 'Tk7P';

type Service = 'gateway' | 'identity' | 'certificate' | 'ra';
const services: Service[] = ['gateway', 'identity', 'certificate', 'ra'];

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  base: string;
}

/**
 * `npm start`'s entry as a terminal runs it: in a process group of its own (the terminal's foreground group),
 * so that a Ctrl-C is a SIGINT to that whole group, on free ports and a temporary data folder.
 */
async function start(dataDir: string, ports: Record<Service | 'postgres', number>): Promise<Started> {
  const child = spawn(process.execPath, [entry], {
    cwd: repo,
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
      PLATFORM_PROCESSES: '',
      DATA_DIR: dataDir,
      GATEWAY_PORT: String(ports.gateway),
      IDENTITY_PORT: String(ports.identity),
      CERTIFICATE_PORT: String(ports.certificate),
      RA_PORT: String(ports.ra),
      EMBEDDED_PG_PORT: String(ports.postgres),
      CAPTCHA_TEST_ANSWER: captchaAnswer,
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
    child.stdout.on('data', () => {
      if (text.includes('Tessera is running.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before starting:\n${text}`));
    });
  });
  return { child, output: () => text, base: `http://127.0.0.1:${ports.gateway}` };
}

async function graphql<T>(base: string, query: string, variables: object = {}, token?: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

const built = fs.existsSync(entry) && fs.existsSync('/proc/self/stat');

/**
 * Issue 16 goal 2: `npm start` runs the gateway, each subgraph and the embedded PostgreSQL in processes of
 * their own under the one command, which one Ctrl-C stops, PostgreSQL last; a crashing service stops it all,
 * and a killed `npm start` leaves nothing running.
 */
(built ? describe : describe.skip)('npm start on every core: a process per service', () => {
  let dataDir: string;
  let ports: Record<Service | 'postgres', number>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-start-processes-'));
    const port = await distinctPorts();
    ports = {
      gateway: await port(),
      identity: await port(),
      certificate: await port(),
      ra: await port(),
      postgres: await port(),
    };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('serves from separate processes, each doing its part of a sign-in, a status query and a single sign-on, and one Ctrl-C stops them all, PostgreSQL last', async () => {
    const run = await start(dataDir, ports);
    const launcher = run.child.pid as number;
    try {
      expect(run.output()).toContain(`GraphQL endpoint       ${run.base}/graphql`);
      const pids = Object.fromEntries(services.map((service) => [service, listenerOf(ports[service])])) as Record<
        Service,
        number
      >;
      // Four processes, none of them npm start's own, each its child (each log line says which one).
      expect(new Set(Object.values(pids)).size).toBe(4);
      for (const service of services) {
        expect({ service, parent: parentOf(pids[service]) }).toEqual({ service, parent: launcher });
        expect(run.output()).toContain(`${service} is running (pid ${pids[service]})`);
      }
      // PostgreSQL runs under a process of its own, also npm start's child.
      const postmaster = postmasterPid(dataDir);
      const keeper = parentOf(postmaster);
      expect(parentOf(keeper)).toBe(launcher);
      expect(Object.values(pids)).not.toContain(keeper);

      const before = Object.fromEntries(services.map((service) => [service, cpuTicks(pids[service])]));
      const captcha = await graphql<{ issueCaptcha: { id: string } }>(run.base, 'mutation { issueCaptcha { id } }');
      const signedIn = await graphql<{ signIn: { accessToken: string } }>(
        run.base,
        'mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }',
        {
          input: {
            username: demoCitizen.username,
            password: demoPassword,
            captchaId: captcha.data?.issueCaptcha.id,
            captchaAnswer,
          },
        },
      );
      const token = signedIn.data?.signIn.accessToken as string;
      expect(token).toEqual(expect.any(String));
      // Through the gateway to identity, then the certificate and RA subgraphs (each verifies the token itself).
      const me = await graphql<{ me: { username: string; certificates: unknown[]; applications: unknown[] } }>(
        run.base,
        '{ me { username certificates { serialNumber } applications { businessType } } }',
        {},
        token,
      );
      expect(me.errors).toBeUndefined();
      expect(me.data?.me.username).toBe(demoCitizen.username);
      for (let i = 0; i < 20; i++) {
        const status = await graphql<{ certificateStatus: { total: number } }>(
          run.base,
          'query ($subject: String!) { certificateStatus(subject: $subject) { total } }',
          { subject: `no such subject ${i}` },
        );
        expect(status.data?.certificateStatus.total).toBe(0);
        const fees = await graphql<{ feeSchedule: unknown[] }>(run.base, '{ feeSchedule { amountFen } }');
        expect(fees.data?.feeSchedule.length).toBeGreaterThan(0);
      }
      for (const service of services) {
        expect({ service, worked: cpuTicks(pids[service]) > (before[service] ?? 0) }).toEqual({
          service,
          worked: true,
        });
      }
      // A session ended at identity is refused by the gateway, another process, from the next request (session ended).
      expect((await graphql<{ signOut: boolean }>(run.base, 'mutation { signOut }', {}, token)).data?.signOut).toBe(
        true,
      );
      const after = await graphql(run.base, '{ me { username } }', {}, token);
      expect(after.errors?.[0]?.extensions?.code).toBe('SESSION_ENDED');

      // Single sign-on at the gateway's origin, served by identity's OpenID Connect provider in its own process.
      const portal = demoBusinessSystems[0];
      const redirectUri = `http://127.0.0.1:${portal.port}/callback`;
      const agent = new UserAgent(run.base);
      const authorize = authorizationUrl(run.base, portal.code, redirectUri);
      const uid = interactionUid((await agent.follow(authorize)).url);
      const loginCaptcha = await graphql<{ issueCaptcha: { id: string } }>(
        run.base,
        'mutation { issueCaptcha { id } }',
      );
      const login = await agent.interaction(uid, 'login', {
        method: 'password',
        username: demoCitizen.username,
        password: demoPassword,
        captchaId: loginCaptcha.data?.issueCaptcha.id,
        captchaAnswer,
      });
      expect(login.status).toBe(200);
      const back = await agent.follow(login.body.redirectTo as string);
      expect(back.url.href.startsWith(redirectUri)).toBe(true);
      const exchanged = await redeemCode(run.base, portal, back.url.searchParams.get('code') as string, redirectUri);
      expect(exchanged.status).toBe(200);

      // The RA and the certificate subgraph obtain their service tokens from identity with the secrets made for the run.
      expect(run.output()).not.toContain('no service credentials');
      for (const service of ['certificate', 'ra'] as const) {
        const environment = fs.readFileSync(`/proc/${pids[service]}/environ`, 'utf8').split('\0');
        const clientSecret = environment.find((line) => line.startsWith('SERVICE_CLIENT_SECRET='))?.slice(22) ?? '';
        const issued = await fetch(`http://127.0.0.1:${ports.identity}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: service,
            client_secret: clientSecret,
          }),
        });
        expect({ service, status: issued.status }).toEqual({ service, status: 200 });
      }

      const exit = exitOf(run.child);
      process.kill(-launcher, 'SIGINT');
      expect(await exit).toBe(0);
      for (const pid of [...Object.values(pids), keeper, postmaster]) {
        expect({ pid, alive: await until(() => !alive(pid), 5_000).then((gone) => !gone) }).toEqual({
          pid,
          alive: false,
        });
      }
      // PostgreSQL stopped after the services: none of them lost its connections while stopping.
      expect(run.output()).not.toContain('terminating connection due to administrator command');
      expect(run.output()).not.toContain('second signal');
      expect(run.output()).toMatch(/gateway {5}\| .*"message":"stopping"/);
    } finally {
      if (alive(launcher)) process.kill(-launcher, 'SIGKILL');
    }
  }, 240_000);

  it('stops everything, PostgreSQL included, with a clear message and status 1 when a service crashes', async () => {
    const run = await start(dataDir, ports);
    const launcher = run.child.pid as number;
    try {
      const pids = services.map((service) => listenerOf(ports[service]) as number);
      const postmaster = postmasterPid(dataDir);
      const keeper = parentOf(postmaster);
      const certificate = listenerOf(ports.certificate) as number;
      const exit = exitOf(run.child);
      process.kill(certificate, 'SIGKILL');
      expect(await exit).toBe(1);
      expect(run.output()).toContain(`certificate (pid ${certificate}) was killed by SIGKILL: stopping the platform`);
      for (const pid of [...pids, keeper, postmaster]) {
        expect({ pid, alive: await until(() => !alive(pid), 5_000).then((gone) => !gone) }).toEqual({
          pid,
          alive: false,
        });
      }
    } finally {
      if (alive(launcher)) process.kill(-launcher, 'SIGKILL');
    }
  }, 240_000);

  it('leaves no service and no PostgreSQL behind when npm start itself is killed (kill -9)', async () => {
    const run = await start(dataDir, ports);
    const launcher = run.child.pid as number;
    const pids = services.map((service) => listenerOf(ports[service]) as number);
    const postmaster = postmasterPid(dataDir);
    const keeper = parentOf(postmaster);
    const exit = exitOf(run.child);
    process.kill(launcher, 'SIGKILL');
    await exit;
    // Each service sees its channel to npm start close and stops by itself, PostgreSQL's process included.
    for (const pid of [...pids, keeper, postmaster]) {
      expect({ pid, alive: await until(() => !alive(pid), 30_000).then((gone) => !gone) }).toEqual({
        pid,
        alive: false,
      });
    }
  }, 240_000);

  it('stops the others and PostgreSQL, naming it, with status 1 when a service cannot start', async () => {
    // Another program holds identity's port.
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(ports.identity, '127.0.0.1', resolve));
    try {
      const output = await start(dataDir, ports).then(
        (run) => {
          process.kill(-(run.child.pid as number), 'SIGKILL');
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(output).toMatch(/^exited with 1 before starting/);
      expect(output).toMatch(/identity {4}\| .*"level":"fatal".*EADDRINUSE/);
      expect(output).toMatch(/identity \(pid \d+\) exited with code 1 before it was ready/);
      for (const service of ['gateway', 'certificate', 'ra'] as const) {
        expect({ service, listening: listenerOf(ports[service]) }).toEqual({ service, listening: undefined });
      }
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 240_000);
});

if (!built) {
  console.warn(`npm start processes test skipped: ${entry} is not built, or no /proc (Linux)`);
}
