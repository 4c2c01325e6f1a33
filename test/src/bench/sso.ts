import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Platform } from '@tessera/gateway';
import { PasswordHasher, User } from '@tessera/identity';
import { graphql } from '../harness/platform';
import { interactionUid, registerSystem, solvedCaptcha, UserAgent } from '../harness/sso';
import type { Benchmark } from './benchmark';
import { compareRates, median, type RateComparison } from './rate';
import { type Comparison, formatNumber } from './report';
import { RoundTrips } from './round-trips';

const password = 'Bench-Sso-Sign-In-2026!';
const secret = 'bench-sso-portal-secret-0123456789abcdef';
const redirectUri = 'https://bench-portal.example.test/callback';
const scope = 'openid profile real_name phone';
const signInMutation = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { status sessionId accessToken refreshToken expiresIn }
  }
`;

/** The requests of one single sign-on, in order (the business system's two calls last). */
export const ssoSteps = ['captcha', 'authorize', 'interaction page', 'login', 'code', 'token', 'userinfo'] as const;
export const plainSteps = ['captcha', 'signIn'] as const;
type Step = (typeof ssoSteps)[number] | (typeof plainSteps)[number];

interface Call {
  ms: number;
  /** CPU time of this whole process (the platform's threads and the bench's), user and system. */
  cpuMs: number;
  statements: number;
}

/** Where one sign-in spent its time and statements, step by step (sequential runs only). */
type Steps = Map<Step, Call>;

/** The two sign-ins, each from a new browser, both through the gateway as their clients make them. */
class SignIns {
  private readonly origin: string;
  private next = 0;

  constructor(
    private readonly platform: Platform,
    private readonly clientId: string,
    private readonly usernames: string[],
    private readonly roundTrips: RoundTrips,
  ) {
    this.origin = new URL(platform.gateway.url).origin;
  }

  private username(): string {
    return this.usernames[this.next++ % this.usernames.length] as string;
  }

  private async step<T>(steps: Steps | undefined, name: Step, call: () => Promise<T>): Promise<T> {
    if (!steps) return call();
    const statements = this.roundTrips.total;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await call();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    steps.set(name, { ms, cpuMs: (used.user + used.system) / 1000, statements: this.roundTrips.total - statements });
    return result;
  }

  /**
   * Authorization code with PKCE, as a business system and a browser without a provider session
   * make it: the page's captcha, `/oidc/auth`, the interaction page, the password on the
   * interaction API, the provider's redirect back with the code, then the system's token request
   * (client_secret_basic) and userinfo.
   */
  async sso(steps?: Steps): Promise<void> {
    const agent = new UserAgent(this.origin);
    const username = this.username();
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(16).toString('base64url');
    const authorize = new URL('/oidc/auth', this.origin);
    authorize.search = new URLSearchParams({
      client_id: this.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope,
      state,
      nonce: randomBytes(16).toString('base64url'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const html = { headers: { accept: 'text/html' } };
    const captcha = await this.step(steps, 'captcha', () => solvedCaptcha(this.platform));
    const toPage = await this.step(steps, 'authorize', () => agent.fetch(authorize, html));
    const page = new URL(toPage.headers.get('location') ?? '', authorize);
    await this.step(steps, 'interaction page', async () => {
      const response = await agent.fetch(page, html);
      await response.arrayBuffer();
    });
    const login = await this.step(steps, 'login', () =>
      agent.interaction(interactionUid(page), 'login', { method: 'password', username, password, ...captcha }),
    );
    if (login.status !== 200) throw new Error(`SSO bench: sign-in refused: ${JSON.stringify(login.body)}`);
    const back = await this.step(steps, 'code', () => agent.follow(login.body.redirectTo as string, html));
    const code = back.url.searchParams.get('code');
    if (!back.url.href.startsWith(redirectUri) || !code || back.url.searchParams.get('state') !== state) {
      throw new Error(`SSO bench: no code at the redirect URI: ${back.url}`);
    }
    const tokens = await this.step(steps, 'token', () =>
      this.json<{ access_token: string; id_token: string }>('/oidc/token', {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.clientId}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }),
      }),
    );
    const claims = await this.step(steps, 'userinfo', () =>
      this.json<{ preferred_username?: string }>('/oidc/me', {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      }),
    );
    if (!tokens.id_token || claims.preferred_username !== username) {
      throw new Error(`SSO bench: unexpected tokens or claims: ${JSON.stringify(claims)}`);
    }
  }

  /** The web client's sign-in: the captcha, then the graph's `signIn` mutation. */
  async plain(steps?: Steps): Promise<void> {
    const username = this.username();
    const captcha = await this.step(steps, 'captcha', () => solvedCaptcha(this.platform));
    const response = await this.step(steps, 'signIn', () =>
      graphql<{ signIn: { status: string } }>(this.platform.gateway.url, signInMutation, {
        variables: { input: { username, password, ...captcha } },
      }),
    );
    if (response.body.data?.signIn.status !== 'SIGNED_IN') {
      throw new Error(`SSO bench: plain sign-in refused: ${JSON.stringify(response.body)}`);
    }
  }

  private async json<T>(path: string, init: RequestInit): Promise<T> {
    const response = await fetch(new URL(path, this.origin), init);
    const body = (await response.json()) as T;
    if (!response.ok) throw new Error(`SSO bench: ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  }
}

export interface SsoBenchOptions {
  /** Sign-ins of each kind made one at a time for the step latencies and statements. */
  samples: number;
  concurrency: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
}

/** A business system and a pool of users sharing one password hash, for `SignIns`. */
async function seedSso(platform: Platform, concurrency: number): Promise<{ clientId: string; usernames: string[] }> {
  const hash = await new PasswordHasher().hash(password);
  const clientId = `bench-sso-${randomBytes(4).toString('hex')}`;
  // Each attempt is counted on its account before the password is checked (issue 11): the load is
  // spread over more accounts than run at once, so no account reaches the lockout.
  const usernames = Array.from({ length: Math.max(8, 4 * concurrency) }, (_, i) => `${clientId}-${i}`);
  const em = platform.identity.orm.em.fork();
  for (const username of usernames) {
    em.create(User, { username, kind: 'citizen', displayName: 'bench', passwordHash: hash });
  }
  await em.flush();
  await registerSystem(platform, { code: clientId, secret, redirectUris: [redirectUri] });
  return { clientId, usernames };
}

/**
 * Issue 12: complete authorization-code sign-ins per second (captcha, authorize, interaction page,
 * password, code, token, userinfo; a new browser each time, so never a provider-session shortcut)
 * against the web client's own sign-in (captcha, `signIn` mutation), both through the gateway, in
 * the same run at the same concurrency in alternating rounds (medians). Both sign users of one small
 * pool in with the same argon2id hash, so the password hash weighs the same on both sides and the
 * ratio is the cost of the provider. Then, one sign-in at a time, each step's latency, CPU time (the
 * whole process: platform, argon2id's threads and this client) and identity's database statements
 * (counted at the driver).
 */
export async function runSso(platform: Platform, options: SsoBenchOptions): Promise<Comparison[]> {
  const { clientId, usernames } = await seedSso(platform, options.concurrency);
  const roundTrips = new RoundTrips(platform.identity.orm);
  try {
    const signIns = new SignIns(platform, clientId, usernames, roundTrips);
    const ssoRuns: Steps[] = [];
    const plainRuns: Steps[] = [];
    await signIns.sso();
    await signIns.plain();
    for (let i = 0; i < options.samples; i++) {
      const sso: Steps = new Map();
      await signIns.sso(sso);
      ssoRuns.push(sso);
      const plain: Steps = new Map();
      await signIns.plain(plain);
      plainRuns.push(plain);
    }
    const rates = await compareRates(
      () => signIns.sso(),
      () => signIns.plain(),
      options,
    );
    return report(options, rates, ssoRuns, plainRuns);
  } finally {
    roundTrips.stop();
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
        { name: 'sign-ins/s', subject: sso.perSecond, baseline: plain.perSecond },
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
      concurrency: ctx.load.connections,
      warmupSeconds: ctx.load.warmupSeconds,
      durationSeconds: ctx.load.durationSeconds,
      rounds: 3,
    });
  },
};
