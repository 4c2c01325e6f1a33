import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { Platform } from '@tessera/gateway';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import type { Benchmark } from './benchmark';
import type { CallerRequest, CallersAnswer, CallersLoad } from './callers-load';
import type { GatewayKind, HostAnswer, HostRequest } from './gateway-host';
import { median } from './rate';
import type { Comparison } from './report';

/** The signed-in citizen's certificates and applications: five subgraph fetches in its query plan. */
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

/** The anonymous public status query (CT-2). */
const certificateStatus = /* GraphQL */ `
  query CertificateStatus($subject: String!) {
    certificateStatus(subject: $subject) { total certificates { serialNumber subject kind usage notAfter state } }
  }
`;

/** A compiled file of this folder (under jest, the build's copy: `npm test` builds first). */
function compiled(name: string): string {
  return __filename.endsWith('.ts')
    ? path.resolve(__dirname, `../../dist/bench/${name}.js`)
    : path.join(__dirname, `${name}.js`);
}

/** One gateway in its own process (see `gateway-host.ts`). */
class GatewayProcess {
  private constructor(
    readonly kind: GatewayKind,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(kind: GatewayKind, platform: Platform, supergraphSdl: string): Promise<GatewayProcess> {
    const child = fork(compiled('gateway-host'), [], { serialization: 'advanced', stdio: 'inherit' });
    const request: HostRequest = {
      start: kind,
      config: platform.config,
      subgraphUrls: { identity: platform.identity.url, certificate: platform.certificate.url, ra: platform.ra.url },
      supergraphSdl,
    };
    try {
      const url = await GatewayProcess.ask(child, request);
      if (!('url' in url)) throw new Error(`no URL from the ${kind} gateway`);
      return new GatewayProcess(kind, url.url, child);
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  private static ask(child: ChildProcess, request: HostRequest): Promise<HostAnswer> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`gateway process exited with ${code}`));
      child.once('exit', exited);
      child.once('message', (answer: HostAnswer) => {
        child.off('exit', exited);
        if ('error' in answer) reject(new Error(answer.error));
        else resolve(answer);
      });
      child.send(request);
    });
  }

  /** CPU time the process has used so far, in milliseconds. */
  async cpuMs(): Promise<number> {
    const answer = await GatewayProcess.ask(this.child, { cpu: true });
    if (!('cpuMicros' in answer)) throw new Error('no CPU figure');
    return answer.cpuMicros / 1000;
  }

  stop(): void {
    this.child.kill();
  }
}

/** The load client, in a worker thread so that it shares no event loop with the subgraphs. */
class Client {
  private readonly worker = new Worker(compiled('callers-load'));

  drive(load: CallersLoad): Promise<{ requests: number; requestsPerSecond: number; p50Ms: number; p99Ms: number }> {
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      this.worker.once('error', fail);
      this.worker.once('message', (answer: CallersAnswer) => {
        this.worker.off('error', fail);
        if ('error' in answer) reject(new Error(answer.error));
        else resolve(answer.result);
      });
      this.worker.postMessage(load);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The static supergraph with each subgraph's `join__graph` URL replaced by the running one's. */
function supergraphFor(platform: Platform): string {
  const urls: Record<string, string> = {
    identity: platform.identity.url,
    certificate: platform.certificate.url,
    ra: platform.ra.url,
  };
  return fs
    .readFileSync(platform.config.gateway.supergraphPath, 'utf8')
    .replace(
      /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
      (whole, name: string) => `@join__graph(name: "${name}", url: "${urls[name] ?? whole}")`,
    );
}

interface Workload {
  name: string;
  query: string;
  /** Each caller's headers and variables; the answers of every gateway must be alike. */
  callers: { headers: Record<string, string>; variables?: Record<string, unknown> }[];
  /** The gateway measured against Tessera's. */
  against: GatewayKind;
  settings: Record<string, string | number>;
}

/** Each gateway's answer to each caller, required equal to Tessera's. */
async function expectedBodies(
  workload: Workload,
  gateways: GatewayProcess[],
): Promise<Map<GatewayKind, CallerRequest[]>> {
  const bodies = new Map<GatewayKind, CallerRequest[]>();
  for (const gateway of gateways) {
    const requests: CallerRequest[] = [];
    for (const caller of workload.callers) {
      const headers = { 'content-type': 'application/json', ...caller.headers };
      const body = JSON.stringify({ query: workload.query, variables: caller.variables ?? {} });
      const response = await fetch(gateway.url, { method: 'POST', headers, body });
      const expectBody = await response.text();
      const answer = JSON.parse(expectBody) as { data?: unknown; errors?: unknown };
      if (!response.ok || answer.errors || !answer.data) {
        throw new Error(`${gateway.kind} answered ${workload.name} with ${response.status}: ${expectBody}`);
      }
      const tessera = bodies.get('tessera')?.[requests.length];
      if (tessera && !isDeepStrictEqual(answer, JSON.parse(tessera.expectBody))) {
        throw new Error(
          `${gateway.kind} does not answer ${workload.name} as Tessera does:\n${expectBody}\n${tessera.expectBody}`,
        );
      }
      requests.push({ headers, body, expectBody });
    }
    bodies.set(gateway.kind, requests);
  }
  return bodies;
}

interface Round {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
}

export interface GatewayHiveOptions {
  /** Distinct signed-in citizens per connection (no two requests in flight alike). */
  citizensPerConnection: number;
  /** Distinct subjects the status-query load repeats. */
  subjects: number;
  rounds: number;
}

/**
 * Issue 16 goal 1: Tessera's gateway against Hive Gateway with its defaults (in-flight
 * deduplication on) on the same supergraph and the same running subgraphs, and against a bare
 * `@apollo/gateway` for the CPU each spends per request. Each gateway runs in a process of its own
 * (its CPU is its own); one client thread drives them in alternating rounds (medians kept), and
 * every answer must equal the one Tessera's gateway gave. Two workloads: (a) `MyCertificates` by
 * distinct signed-in citizens, no two in flight alike; (b) the anonymous status query for a few
 * subjects, asked over and over.
 */
export function gatewayHiveBenchmark(options: GatewayHiveOptions): Benchmark {
  return {
    name: 'gateway-hive',
    async run(ctx) {
      const { platform } = await ctx.stack();
      const { connections, warmupSeconds, durationSeconds } = ctx.load;
      const run = randomBytes(3).toString('hex');
      const citizens = await Promise.all(
        Array.from({ length: connections * options.citizensPerConnection }, async (_, i) => {
          const seeded = await seedCitizenWithCertificate(platform, `bench-gw-${run}-${i}`);
          const token = await platform.identity.services.tokens.issue({ subject: seeded.user.id, kind: 'citizen' });
          return { username: seeded.user.username, token };
        }),
      );
      const workloads: Workload[] = [
        {
          name: 'signed-in citizens',
          query: myCertificates,
          callers: citizens.map((c) => ({ headers: { authorization: `Bearer ${c.token}` } })),
          against: 'hive',
          settings: { query: 'MyCertificates', fetches: 5, citizens: citizens.length },
        },
        {
          name: 'anonymous status query',
          query: certificateStatus,
          callers: citizens
            .slice(0, options.subjects)
            .map((c) => ({ headers: {}, variables: { subject: c.username } })),
          against: 'hive',
          settings: { query: 'certificateStatus', subjects: options.subjects },
        },
      ];
      const supergraph = supergraphFor(platform);
      const gateways: GatewayProcess[] = [];
      const client = new Client();
      try {
        // Started together (each alone in its process); every one started is stopped, whichever failed.
        const starts = await Promise.allSettled(
          (['tessera', 'hive', 'apollo'] as const).map((kind) => GatewayProcess.start(kind, platform, supergraph)),
        );
        for (const start of starts) if (start.status === 'fulfilled') gateways.push(start.value);
        const failed = starts.find((start) => start.status === 'rejected');
        if (failed) throw failed.reason;
        const results: Comparison[] = [];
        for (const workload of workloads) {
          const bodies = await expectedBodies(workload, gateways);
          const round = async (gateway: GatewayProcess, seconds: number): Promise<Round> => {
            const cpuBefore = await gateway.cpuMs();
            const measured = await client.drive({
              url: gateway.url,
              requests: bodies.get(gateway.kind) ?? [],
              connections,
              seconds,
            });
            const cpuMs = (await gateway.cpuMs()) - cpuBefore;
            return { ...measured, cpuMsPerRequest: measured.requests ? cpuMs / measured.requests : 0 };
          };
          for (const gateway of gateways) await round(gateway, warmupSeconds);
          const rounds = new Map<GatewayKind, Round[]>(gateways.map((g) => [g.kind, []]));
          // Alternating rounds, then the median of each: a change in background load hits every gateway.
          for (let i = 0; i < options.rounds; i++) {
            for (const gateway of gateways) rounds.get(gateway.kind)?.push(await round(gateway, durationSeconds));
          }
          const medianOf = (kind: GatewayKind): Round => {
            const of = rounds.get(kind) ?? [];
            return {
              requestsPerSecond: median(of.map((r) => r.requestsPerSecond)),
              p50Ms: median(of.map((r) => r.p50Ms)),
              p99Ms: median(of.map((r) => r.p99Ms)),
              cpuMsPerRequest: median(of.map((r) => r.cpuMsPerRequest)),
            };
          };
          const tessera = medianOf('tessera');
          const settings = {
            ...workload.settings,
            connections,
            warmupSeconds,
            durationSeconds,
            rounds: options.rounds,
          };
          for (const baseline of [workload.against, 'apollo'] as const) {
            const other = medianOf(baseline);
            results.push({
              benchmark: 'gateway-hive',
              subject: 'tessera',
              baseline: baseline === 'hive' ? 'hive (defaults)' : 'bare @apollo/gateway',
              settings: { workload: workload.name, ...settings },
              metrics: [
                {
                  name: 'requests/s',
                  subject: tessera.requestsPerSecond,
                  baseline: other.requestsPerSecond,
                  aim: baseline === 'hive' ? { min: 1, source: 'issue 16' } : undefined,
                },
                { name: 'p50 ms', subject: tessera.p50Ms, baseline: other.p50Ms },
                { name: 'p99 ms', subject: tessera.p99Ms, baseline: other.p99Ms },
                {
                  name: 'gateway CPU ms/request',
                  subject: tessera.cpuMsPerRequest,
                  baseline: other.cpuMsPerRequest,
                  aim: baseline === 'apollo' ? { max: 1, source: 'issue 16' } : undefined,
                },
              ],
            });
          }
        }
        return results;
      } finally {
        for (const gateway of gateways) gateway.stop();
        await client.stop();
      }
    },
  };
}

export const gatewayHive = gatewayHiveBenchmark({ citizensPerConnection: 4, subjects: 4, rounds: 3 });
