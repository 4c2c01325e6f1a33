import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Platform } from '@tessera/gateway';
import { PasswordHasher, User } from '@tessera/identity';
import { registerSystem } from '../harness/sso';
import type { Benchmark } from './benchmark';
import { compareMeasurements, median, type Rate, type RateComparison, type RateSettings } from './rate';
import { type Comparison, formatNumber } from './report';
import { RoundTrips } from './round-trips';
import type { ClientAnswer, ClientRequest } from './sign-in-client';
import { plainSteps, SignIns, type SignInTarget, type Step, type StepObserver, ssoSteps } from './sign-in-flows';
import { benchCaptchaAnswer } from './stack';

export { plainSteps, ssoSteps } from './sign-in-flows';

const password = 'Bench-Sso-Sign-In-2026!';
const secret = 'bench-sso-portal-secret-0123456789abcdef';
const redirectUri = 'https://bench-portal.example.test/callback';
const scope = 'openid profile real_name phone';

interface Call {
  ms: number;
  /** CPU time of this whole process (the platform's threads and the bench's), user and system. */
  cpuMs: number;
  statements: number;
}

/** Where one sign-in spent its time and statements, step by step (sequential runs only). */
type Steps = Map<Step, Call>;

/** An observer that records each step's latency, CPU time and identity's statements into `steps`. */
function recording(steps: Steps, roundTrips: RoundTrips): StepObserver {
  return async (name, call) => {
    const statements = roundTrips.total;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await call();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    steps.set(name, { ms, cpuMs: (used.user + used.system) / 1000, statements: roundTrips.total - statements });
    return result;
  };
}

/** The compiled client thread (under jest, the build's copy: `npm test` builds first). */
function clientScript(): string {
  return __filename.endsWith('.ts')
    ? path.resolve(__dirname, '../../dist/bench/sign-in-client.js')
    : path.join(__dirname, 'sign-in-client.js');
}

/** Sign-ins made by a client in a worker thread, one measured round at a time. */
class ClientThread {
  private readonly worker: Worker;

  constructor(target: SignInTarget) {
    this.worker = new Worker(clientScript(), { workerData: target });
  }

  measure(kind: ClientRequest['kind'], settings: RateSettings): Promise<Rate> {
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      this.worker.once('error', fail);
      this.worker.once('message', (answer: ClientAnswer) => {
        this.worker.off('error', fail);
        if ('error' in answer) reject(new Error(answer.error));
        else resolve(answer.rate);
      });
      this.worker.postMessage({ kind, settings } satisfies ClientRequest);
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

export interface SsoBenchOptions {
  /** Sign-ins of each kind made one at a time for the step latencies and statements. */
  samples: number;
  /** The text every captcha of the platform shows (its CAPTCHA_TEST_ANSWER). */
  captchaAnswer: string;
  concurrency: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
}

/** A business system and a pool of users sharing one password hash, for `SignIns`. */
async function seedSso(platform: Platform, options: SsoBenchOptions): Promise<SignInTarget> {
  const hash = await new PasswordHasher().hash(password);
  const clientId = `bench-sso-${randomBytes(4).toString('hex')}`;
  // Each attempt is counted on its account before the password is checked (issue 11): the load is
  // spread over more accounts than run at once, so no account reaches the lockout.
  const usernames = Array.from({ length: Math.max(8, 4 * options.concurrency) }, (_, i) => `${clientId}-${i}`);
  const em = platform.identity.orm.em.fork();
  for (const username of usernames) {
    em.create(User, { username, kind: 'citizen', displayName: 'bench', passwordHash: hash });
  }
  await em.flush();
  await registerSystem(platform, { code: clientId, secret, redirectUris: [redirectUri] });
  const origin = new URL(platform.gateway.url).origin;
  return { origin, clientId, secret, redirectUri, scope, usernames, password, captchaAnswer: options.captchaAnswer };
}

/**
 * Issue 12: complete authorization-code sign-ins per second (captcha, authorize, interaction page,
 * password, code, token, userinfo; a new browser each time, so never a provider-session shortcut)
 * against the web client's own sign-in (captcha, `signIn` mutation), both through the gateway, in
 * the same run at the same concurrency in alternating rounds (medians), made by a client in a worker
 * thread (browsers and business systems do not run in the platform's event loop). Both sign users of
 * one small pool in with the same argon2id hash, so the password hash weighs the same on both sides
 * and the ratio is the cost of the provider. Then, one sign-in at a time from this thread, each
 * step's latency, CPU time (the whole process: platform, argon2id's threads and this client) and
 * identity's database statements (counted at the driver).
 */
export async function runSso(platform: Platform, options: SsoBenchOptions): Promise<Comparison[]> {
  const target = await seedSso(platform, options);
  const roundTrips = new RoundTrips(platform.identity.orm);
  let client: ClientThread | undefined;
  try {
    const signIns = new SignIns(target);
    const ssoRuns: Steps[] = [];
    const plainRuns: Steps[] = [];
    await signIns.sso();
    await signIns.plain();
    for (let i = 0; i < options.samples; i++) {
      const sso: Steps = new Map();
      await signIns.sso(recording(sso, roundTrips));
      ssoRuns.push(sso);
      const plain: Steps = new Map();
      await signIns.plain(recording(plain, roundTrips));
      plainRuns.push(plain);
    }
    // The client thread starts only now: loading it would count in the steps' CPU time.
    const thread = new ClientThread(target);
    client = thread;
    const rates = await compareMeasurements(
      () => thread.measure('sso', options),
      () => thread.measure('plain', options),
      options.rounds,
    );
    return report(options, rates, ssoRuns, plainRuns);
  } finally {
    roundTrips.stop();
    await client?.stop();
  }
}

function report(options: SsoBenchOptions, rates: RateComparison, ssoRuns: Steps[], plainRuns: Steps[]): Comparison[] {
  const ofStep = (runs: Steps[], step: Step, of: keyof Call) => median(runs.map((r) => r.get(step)?.[of] ?? 0));
  const ofWhole = (runs: Steps[], of: keyof Call) =>
    median(runs.map((r) => [...r.values()].reduce((n, c) => n + c[of], 0)));
  const stepMs = (runs: Steps[], step: Step) => ofStep(runs, step, 'ms');
  const stepSql = (runs: Steps[], step: Step) => ofStep(runs, step, 'statements');
  const wholeMs = (runs: Steps[]) => ofWhole(runs, 'ms');
  // Statements add up step by step: identity's own timers (revocation lists, outboxes) then stay out.
  const wholeSql = (runs: Steps[]) => [...(runs[0]?.keys() ?? [])].reduce((n, step) => n + stepSql(runs, step), 0);
  const [ssoCpu, plainCpu] = [ofWhole(ssoRuns, 'cpuMs'), ofWhole(plainRuns, 'cpuMs')];
  const perStep = (runs: Steps[], steps: readonly Step[]) =>
    steps.map((step) => `${step}=${stepSql(runs, step)}`).join(' ');
  const { subject: sso, baseline: plain } = rates;
  const [ssoSql, plainSql] = [wholeSql(ssoRuns), wholeSql(plainRuns)];
  const samples = { 'sign-ins one at a time': options.samples };
  return [
    {
      benchmark: 'sso',
      subject: 'SSO sign-in',
      baseline: 'plain sign-in',
      settings: {
        concurrency: options.concurrency,
        seconds: options.durationSeconds,
        rounds: `${options.rounds}, alternated (medians)`,
        argon2: '19 MiB, t=2',
        'HTTP requests': `${ssoSteps.length} against ${plainSteps.length}`,
        'database statements': `${ssoSql} against ${plainSql}`,
        'CPU ms': `${formatNumber(ssoCpu)} against ${formatNumber(plainCpu)}`,
      },
      metrics: [
        {
          name: 'sign-ins/s',
          subject: sso.perSecond,
          baseline: plain.perSecond,
          aim: { min: 0.7, source: 'issue 12' },
        },
        { name: 'p50 ms', subject: sso.p50Ms, baseline: plain.p50Ms },
        { name: 'p99 ms', subject: sso.p99Ms, baseline: plain.p99Ms },
      ],
    },
    {
      benchmark: 'sso steps',
      subject: 'SSO step p50 ms',
      baseline: 'plain sign-in p50 ms',
      settings: { ...samples, plain: plainSteps.map((s) => `${s}=${stepMs(plainRuns, s).toFixed(1)}`).join(' ') },
      metrics: [
        ...ssoSteps.map((step) => ({ name: step, subject: stepMs(ssoRuns, step), baseline: wholeMs(plainRuns) })),
        { name: 'whole sign-in', subject: wholeMs(ssoRuns), baseline: wholeMs(plainRuns) },
      ],
    },
    {
      benchmark: 'sso CPU',
      subject: 'SSO CPU ms per step',
      baseline: 'plain sign-in',
      settings: {
        ...samples,
        plain: plainSteps.map((s) => `${s}=${formatNumber(ofStep(plainRuns, s, 'cpuMs'))}`).join(' '),
      },
      metrics: [
        ...ssoSteps.map((step) => ({ name: step, subject: ofStep(ssoRuns, step, 'cpuMs'), baseline: plainCpu })),
        { name: 'whole sign-in', subject: ssoCpu, baseline: plainCpu },
      ],
    },
    {
      benchmark: 'sso SQL',
      subject: 'SSO statements per step',
      baseline: 'plain sign-in',
      settings: { ...samples, plain: perStep(plainRuns, plainSteps) },
      metrics: [
        ...ssoSteps.map((step) => ({ name: step, subject: stepSql(ssoRuns, step), baseline: plainSql })),
        { name: 'whole sign-in', subject: ssoSql, baseline: plainSql },
      ],
    },
  ];
}

/** `npm run bench -- sso`: ten sign-ins of each kind for the steps, then the load settings for the rates. */
export const sso: Benchmark = {
  name: 'sso',
  async run(ctx) {
    const { platform } = await ctx.stack();
    return runSso(platform, {
      samples: 10,
      captchaAnswer: benchCaptchaAnswer,
      concurrency: ctx.load.connections,
      warmupSeconds: ctx.load.warmupSeconds,
      durationSeconds: ctx.load.durationSeconds,
      rounds: 3,
    });
  },
};
