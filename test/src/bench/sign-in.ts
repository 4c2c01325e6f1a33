import { CaptchaService, defaultCaptchaPolicy, PasswordHasher, SignInService, User } from '@tessera/identity';
import { createLogger, withScope } from '@tessera/kit';
import type { Benchmark } from './benchmark';
import { compareRates } from './rate';

const password = 'Bench-Sign-In-2026!';
const captchaText = 'BNCH';
const quiet = createLogger({ service: 'bench', level: 'silent' });

/** How many statements `operation` sends to the database (each one round trip), as its request scope counts them. */
async function statementsOf(operation: () => Promise<void>): Promise<number> {
  const scope = { requestId: 'bench-sign-in', locale: 'zh-CN' as const, log: quiet, sqlStatements: 0 };
  await withScope(scope, operation);
  return scope.sqlStatements;
}

/**
 * Issue 3: sign-ins per second through the identity domain service (captcha, throttle, session,
 * history, tokens: everything) against raw argon2id verifications of the same hash in the same run, at
 * the same concurrency, in alternating rounds. The ratio is the overhead of everything that is not the
 * password hash.
 */
export const signIn: Benchmark = {
  name: 'sign-in',
  async run(ctx) {
    const { platform } = await ctx.stack();
    const services = platform.identity.services;
    const hasher = new PasswordHasher();
    const em = platform.identity.orm.em.fork();
    // Sign-in counts each attempt before verifying it (issue 11): more simultaneous attempts on one
    // account than the lockout allows would be refused, so the load is spread over several accounts.
    const hash = await hasher.hash(password);
    const usernames = Array.from({ length: Math.max(8, 4 * ctx.load.connections) }, (_, i) => `bench-sign-in-${i}`);
    for (const username of usernames) {
      em.create(User, { username, kind: 'citizen', displayName: 'bench', passwordHash: hash });
    }
    await em.flush();
    const captcha = new CaptchaService(platform.identity.orm.em, services.protector, defaultCaptchaPolicy, () => ({
      text: captchaText,
      data: '',
    }));
    const signInService = new SignInService({
      em: platform.identity.orm.em,
      hasher,
      captcha,
      sessions: services.sessions,
      protector: services.protector,
      log: quiet,
      legacyIdSignInUntil: new Date(0),
    });
    const settings = {
      concurrency: ctx.load.connections,
      warmupSeconds: ctx.load.warmupSeconds,
      durationSeconds: ctx.load.durationSeconds,
      rounds: 3,
    };
    let next = 0;
    const signInOnce = async () => {
      const challenge = await captcha.issue();
      await signInService.signIn({
        username: usernames[next++ % usernames.length] as string,
        password,
        captchaId: challenge.id,
        captchaAnswer: captchaText,
      });
    };
    const statements = await statementsOf(signInOnce);
    const { subject: full, baseline: raw } = await compareRates(
      signInOnce,
      () => hasher.verify(hash, password),
      settings,
    );
    return [
      {
        benchmark: 'sign-in',
        subject: 'sign-in',
        baseline: 'raw argon2id verify',
        settings: {
          concurrency: settings.concurrency,
          seconds: settings.durationSeconds,
          rounds: `${settings.rounds}, alternated (medians)`,
          argon2: '19 MiB, t=2',
          'database statements per sign-in (captcha included)': statements,
        },
        metrics: [
          { name: 'operations/s', subject: full.perSecond, baseline: raw.perSecond },
          { name: 'p50 ms', subject: full.p50Ms, baseline: raw.p50Ms },
          { name: 'p99 ms', subject: full.p99Ms, baseline: raw.p99Ms },
        ],
      },
    ];
  },
};
