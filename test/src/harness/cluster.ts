import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, freePort } from '@tessera/kit';

/** The repository root: every service runs from its build, as the docker images do. */
const root = path.resolve(__dirname, '../../..');

const entries = {
  identity: 'subgraphs/identity/dist/main.js',
  certificate: 'subgraphs/certificate/dist/main.js',
  ra: 'subgraphs/ra/dist/main.js',
  gateway: 'gateway/dist/main.js',
} as const;

type Service = keyof typeof entries;
const services = Object.keys(entries) as Service[];

/** One process of the cluster: `identity-1`, `gateway-2`, … */
export interface Replica {
  name: string;
  service: Service;
  port: number;
  /** Its own origin (not through the load balancer). */
  origin: string;
  child: ChildProcess;
  output: string[];
}

export interface Cluster {
  /** The load balancer's origin for the gateways: what citizens, clerks and business systems reach. */
  origin: string;
  databaseUrl: string;
  replicas: Replica[];
  /** The captcha text every captcha shows (CAPTCHA_TEST_ANSWER). */
  captchaAnswer: string;
  replica(name: string): Replica;
  /** SIGKILLs a replica: no shutdown, no drain, as a crashed node. */
  kill(name: string): Promise<void>;
  /** The last lines each process wrote (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
}

/** HAProxy in front of each service's replicas, health-checked on `/ready`, as a production load balancer. */
function haproxyConfig(frontends: Record<Service, number>, statsPort: number, replicas: Replica[]): string {
  const lines = [
    'global',
    '  maxconn 512',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  option redispatch',
    '  retries 2',
    'listen stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
  ];
  for (const service of services) {
    lines.push(`frontend ${service}`, `  bind 127.0.0.1:${frontends[service]}`, `  default_backend ${service}s`);
    lines.push(`backend ${service}s`, '  balance roundrobin', '  option httpchk GET /ready');
    for (const r of replicas.filter((x) => x.service === service)) {
      lines.push(`  server ${r.name} 127.0.0.1:${r.port} check inter 300 fall 2 rise 1`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Whether `port` can be listened on now. */
function available(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Ports for the cluster's processes (and `npm start`'s services in other tests), none taken twice: each
 * process also serves `/metrics` on its port plus METRICS_PORT_OFFSET (1000), so a port is only given
 * when that one is free too.
 */
export async function distinctPorts(): Promise<() => Promise<number>> {
  const taken = new Set<number>();
  return async () => {
    for (;;) {
      const port = await freePort();
      const management = port + metricsPortOffset;
      if (taken.has(port) || taken.has(management) || management > 65535 || !(await available(management))) continue;
      taken.add(port);
      taken.add(management);
      return port;
    }
  };
}

const metricsPortOffset = 1000;

/** The replicas HAProxy's statistics page reports UP (its CSV export). */
async function serversUp(statsPort: number): Promise<Set<string>> {
  const csv = await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)).text();
  const [header = '', ...rows] = csv.split('\n');
  const columns = header.replace(/^# /, '').split(',');
  const name = columns.indexOf('svname');
  const status = columns.indexOf('status');
  const up = new Set<string>();
  for (const row of rows) {
    const cells = row.split(',');
    const server = cells[name] ?? '';
    if (cells[status] === 'UP' && server !== 'FRONTEND' && server !== 'BACKEND') up.add(server);
  }
  return up;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Issue 13: `count` replicas of every subgraph and of the gateway, each its own Node process from
 * the build, all started at once on one empty database, behind HAProxy from Debian. The services
 * reach each other through the load balancer, as they would through Kubernetes services. `env` adds
 * settings to every process.
 */
export async function startCluster(count = 2, env: Record<string, string> = {}): Promise<Cluster> {
  const databaseUrl = await createTestDatabase();
  const nextPort = await distinctPorts();
  const frontends = {} as Record<Service, number>;
  for (const service of services) frontends[service] = await nextPort();
  const statsPort = await nextPort();
  const origin = `http://127.0.0.1:${frontends.gateway}`;
  const front = (s: Service) => `http://127.0.0.1:${frontends[s]}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cluster-'));
  const secret = () => randomBytes(24).toString('base64url');
  const raSecret = secret();
  const certificateSecret = secret();
  const captchaAnswer = 'Tk7P';
  const shared: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: origin,
    GATEWAY_ASSERTION_SECRET: randomBytes(32).toString('base64url'),
    IDENTITY_URL: `${front('identity')}/graphql`,
    CERTIFICATE_URL: `${front('certificate')}/graphql`,
    RA_URL: `${front('ra')}/graphql`,
    AUTH_JWKS_URL: `${front('identity')}/.well-known/jwks.json`,
    AUTH_REVOCATION_REFRESH_SECONDS: '1',
    SERVICE_SECRETS: `ra:${raSecret},certificate:${certificateSecret}`,
    // Replicas of one service must share every key (development would generate one per data folder).
    CA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    KMC_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    CAPTCHA_TEST_ANSWER: captchaAnswer,
    SEED_DEMO_DATA: 'true',
    SUPERGRAPH_WATCH: 'false',
    APOLLO_TELEMETRY_DISABLED: 'true',
    METRICS_PORT_OFFSET: String(metricsPortOffset),
    ...env,
  };
  const own: Record<Service, (port: number) => Record<string, string>> = {
    identity: (port) => ({ IDENTITY_PORT: String(port) }),
    certificate: (port) => ({ CERTIFICATE_PORT: String(port), SERVICE_CLIENT_SECRET: certificateSecret }),
    ra: (port) => ({ RA_PORT: String(port), SERVICE_CLIENT_SECRET: raSecret }),
    gateway: (port) => ({ GATEWAY_PORT: String(port) }),
  };
  const replicas: Replica[] = [];
  for (const service of services) {
    for (let i = 1; i <= count; i++) {
      const port = await nextPort();
      const name = `${service}-${i}`;
      replicas.push({ name, service, port, origin: `http://127.0.0.1:${port}`, child: undefined as never, output: [] });
      fs.mkdirSync(path.join(dataDir, name));
    }
  }
  const configFile = path.join(dataDir, 'haproxy.cfg');
  fs.writeFileSync(configFile, haproxyConfig(frontends, statsPort, replicas));
  const haproxy = spawn('haproxy', ['-f', configFile, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const haproxyOutput: string[] = [];
  haproxy.stderr?.on('data', (chunk: Buffer) => haproxyOutput.push(chunk.toString()));
  // Every process at once, as an orchestrator starting a fresh deployment does.
  for (const replica of replicas) {
    replica.child = spawn(process.execPath, [entries[replica.service]], {
      cwd: root,
      env: { ...shared, ...own[replica.service](replica.port), DATA_DIR: path.join(dataDir, replica.name) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      replica.output.push(chunk.toString());
      if (replica.output.length > 200) replica.output.shift();
    };
    replica.child.stdout?.on('data', keep);
    replica.child.stderr?.on('data', keep);
  }
  const alive = (r: Replica) => r.child.exitCode === null && r.child.signalCode === null;
  const cluster: Cluster = {
    origin,
    databaseUrl,
    replicas,
    captchaAnswer,
    replica: (name) => {
      const found = replicas.find((r) => r.name === name);
      if (!found) throw new Error(`no replica ${name}`);
      return found;
    },
    kill: async (name) => {
      const replica = cluster.replica(name);
      const exited = new Promise((resolve) => replica.child.once('exit', resolve));
      replica.child.kill('SIGKILL');
      await exited;
    },
    output: () =>
      [
        ...replicas.map(
          (r) =>
            `--- ${r.name} (${alive(r) ? 'running' : `exited ${r.child.exitCode ?? r.child.signalCode}`})\n${r.output.join('').slice(-3000)}`,
        ),
        `--- haproxy\n${haproxyOutput.join('').slice(-2000)}`,
      ].join('\n'),
    stop: async () => {
      await Promise.all(
        replicas.filter(alive).map(
          (r) =>
            new Promise<void>((resolve) => {
              r.child.once('exit', () => resolve());
              r.child.kill('SIGTERM');
              setTimeout(() => r.child.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
      haproxy.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await until(
      'every replica to be ready',
      async () => {
        if (replicas.some((r) => !alive(r))) return true;
        const answers = await Promise.all(replicas.map((r) => fetch(`${r.origin}/ready`).then((res) => res.ok)));
        return answers.every(Boolean);
      },
      120_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${cluster.output()}`);
    });
    const dead = replicas.filter((r) => !alive(r));
    if (dead.length > 0) throw new Error(`${dead.map((r) => r.name).join(', ')} exited at start\n${cluster.output()}`);
    // A replica that answered /ready before its first health check passed may still be out of its backend.
    await until(
      'the load balancer to take every replica',
      async () => (await serversUp(statsPort)).size === replicas.length,
      20_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${cluster.output()}`);
    });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
