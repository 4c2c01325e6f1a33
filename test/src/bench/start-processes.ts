import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { demoCitizen, demoPassword } from '@tessera/identity';
import { distinctPorts } from '../harness/cluster';
import type { Benchmark } from './benchmark';
import type { CallerRequest, CallersAnswer, CallersLoad } from './callers-load';
import { median } from './rate';

/** The repository's root, from `test/src/bench` or `test/dist/bench`. */
const root = path.resolve(__dirname, '../../..');
const entry = path.join(root, 'gateway/dist/platform/main.js');
const captchaAnswer = 'Bn4k';

/** The two shapes of `npm start` (`PLATFORM_PROCESSES`). */
type Shape = 'per-service' | 'single';

/** The signed-in citizen's certificates and applications: identity, then the certificate and RA subgraphs. */
const myCertificates = /* GraphQL */ `
  query MyCertificates {
    me {
      id
      username
      certificates { serialNumber subject application { businessType state } }
      applications { businessType certificate { serialNumber kind } }
    }
  }
`;

function compiled(name: string): string {
  return __filename.endsWith('.ts')
    ? path.resolve(__dirname, `../../dist/bench/${name}.js`)
    : path.join(__dirname, `${name}.js`);
}

/** `npm start` (its built entry) in one shape, on free ports and its own embedded PostgreSQL in a temporary folder. */
class StartedPlatform {
  private constructor(
    readonly shape: Shape,
    readonly origin: string,
    private readonly child: ChildProcess,
    private readonly dataDir: string,
  ) {}

  static async start(shape: Shape): Promise<StartedPlatform> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tessera-bench-start-${shape}-`));
    const next = await distinctPorts();
    const port = async () => String(await next());
    const gatewayPort = await port();
    const child = spawn(process.execPath, [entry], {
      cwd: root,
      // Its own process group, as a terminal runs it: stopped as a Ctrl-C stops it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PLATFORM_PROCESSES: shape,
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        GATEWAY_PORT: gatewayPort,
        IDENTITY_PORT: await port(),
        CERTIFICATE_PORT: await port(),
        RA_PORT: await port(),
        EMBEDDED_PG_PORT: await port(),
        CAPTCHA_TEST_ANSWER: captchaAnswer,
        SUPERGRAPH_WATCH: 'false',
      },
    });
    const platform = new StartedPlatform(shape, `http://127.0.0.1:${gatewayPort}`, child, dataDir);
    let tail = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm start (${shape}) did not start in 180 s:\n${tail}`)),
        180_000,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        tail = (tail + chunk.toString()).slice(-20_000);
        if (tail.includes('Tessera is running.')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        tail = (tail + chunk.toString()).slice(-20_000);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start (${shape}) exited with ${code}:\n${tail}`));
      });
    }).catch(async (error: unknown) => {
      await platform.stop();
      throw error;
    });
    // Its log lines (one per request and service at the default level) are read and dropped from now on.
    child.stdout?.removeAllListeners('data');
    child.stderr?.removeAllListeners('data');
    child.stdout?.resume();
    child.stderr?.resume();
    return platform;
  }

  private async graphql<T>(body: object, token?: string): Promise<T> {
    const response = await fetch(`${this.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { data?: T; errors?: unknown };
    if (!answer.data || answer.errors) throw new Error(`${this.origin}: ${JSON.stringify(answer)}`);
    return answer.data;
  }

  /** A session of the demo citizen: its token. */
  async signIn(): Promise<string> {
    const { issueCaptcha } = await this.graphql<{ issueCaptcha: { id: string } }>({
      query: 'mutation { issueCaptcha { id } }',
    });
    const { signIn } = await this.graphql<{ signIn: { accessToken: string } }>({
      query: 'mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }',
      variables: {
        input: { username: demoCitizen.username, password: demoPassword, captchaId: issueCaptcha.id, captchaAnswer },
      },
    });
    return signIn.accessToken;
  }

  /** The workload's request for one session, with the answer every response to it must carry. */
  async request(token: string): Promise<CallerRequest> {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const body = JSON.stringify({ query: myCertificates, operationName: 'MyCertificates' });
    const response = await fetch(`${this.origin}/graphql`, { method: 'POST', headers, body });
    const expectBody = await response.text();
    if (!response.ok || expectBody.includes('"errors"')) throw new Error(`${this.origin} answered ${expectBody}`);
    return { headers, body, expectBody };
  }

  /** Ctrl-C, and the data folder removed once everything has stopped. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      process.kill(-(this.child.pid as number), 'SIGINT');
      await exited;
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The load client, in a worker thread so that it shares no event loop with what it measures. */
function drive(worker: Worker, load: CallersLoad) {
  return new Promise<{ requestsPerSecond: number; p50Ms: number; p99Ms: number }>((resolve, reject) => {
    worker.once('message', (answer: CallersAnswer) =>
      'error' in answer ? reject(new Error(answer.error)) : resolve(answer.result),
    );
    worker.postMessage(load);
  });
}

export interface StartProcessesOptions {
  /** Measured rounds of each shape, alternated (the median is reported). */
  rounds: number;
}

/**
 * Issue 16 goal 2: `npm start` as it runs by default, each service in a process of its own, against the
 * same command with `PLATFORM_PROCESSES=single` (every service in one Node process, as before), both started
 * from the built entry on their own embedded PostgreSQL, on a gateway workload: `MyCertificates` of the demo
 * citizen, one session per connection so that no two requests in flight are alike (the gateway shares only a
 * caller's identical fetches). Rounds alternate between the shapes; the medians are compared.
 */
export function startProcessesBenchmark(options: StartProcessesOptions): Benchmark {
  return {
    name: 'start-processes',
    async run(ctx) {
      const { connections, warmupSeconds, durationSeconds } = ctx.load;
      const platforms: StartedPlatform[] = [];
      const worker = new Worker(compiled('callers-load'));
      try {
        // One after the other: two first starts at once would each take both cores.
        for (const shape of ['per-service', 'single'] as const) platforms.push(await StartedPlatform.start(shape));
        const loads = new Map<StartedPlatform, CallersLoad>();
        for (const platform of platforms) {
          const requests: CallerRequest[] = [];
          for (let i = 0; i < connections; i++) requests.push(await platform.request(await platform.signIn()));
          loads.set(platform, { url: `${platform.origin}/graphql`, requests, connections, seconds: durationSeconds });
        }
        for (const platform of platforms) {
          const load = loads.get(platform) as CallersLoad;
          if (warmupSeconds > 0) await drive(worker, { ...load, seconds: warmupSeconds });
        }
        const rounds = new Map<StartedPlatform, Awaited<ReturnType<typeof drive>>[]>(platforms.map((p) => [p, []]));
        for (let round = 0; round < options.rounds; round++) {
          for (const platform of platforms)
            rounds.get(platform)?.push(await drive(worker, loads.get(platform) as CallersLoad));
        }
        const [perService, single] = platforms.map((platform) => {
          const results = rounds.get(platform) ?? [];
          return {
            requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
            p50Ms: median(results.map((r) => r.p50Ms)),
            p99Ms: median(results.map((r) => r.p99Ms)),
          };
        }) as [Awaited<ReturnType<typeof drive>>, Awaited<ReturnType<typeof drive>>];
        return [
          {
            benchmark: 'start-processes',
            subject: 'a process per service',
            baseline: 'one process',
            settings: {
              query: 'MyCertificates',
              sessions: connections,
              cpus: os.availableParallelism(),
              connections,
              warmupSeconds,
              durationSeconds,
              rounds: options.rounds,
            },
            metrics: [
              {
                name: 'requests/s',
                subject: perService.requestsPerSecond,
                baseline: single.requestsPerSecond,
                aim: { min: 1, source: 'issue 16 goal 2' },
              },
              { name: 'p50 ms', subject: perService.p50Ms, baseline: single.p50Ms },
              { name: 'p99 ms', subject: perService.p99Ms, baseline: single.p99Ms },
            ],
          },
        ];
      } finally {
        await worker.terminate();
        for (const platform of platforms) await platform.stop();
      }
    },
  };
}

export const startProcesses = startProcessesBenchmark({ rounds: 3 });
