import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, createTestDatabase, DataProtector, type Logger, openDatabase } from '@tessera/kit';
import { CaptchaChallenges } from '../captcha/captcha-challenge';
import { identityEntities } from '../entities';
import { migrations } from '../migrations';
import { PasswordHasher } from '../passwords/password-hasher';
import type { SignedIn, SignInOutcome } from '../sign-in/sign-in-service';
import { signingKeyPolicy } from '../tokens/signing-key-lifecycle';
import { SigningKeys } from '../tokens/signing-keys';
import { TokenIssuer } from '../tokens/token-issuer';

/** argon2id at the lowest cost: tests check behaviour, not hash strength. */
export const testArgon2Cost = { memoryCost: 256, timeCost: 1, parallelism: 1 };

/** argon2id at the test cost, counting its verifications: how many guesses reached the hash (issue 11). */
export class CountingHasher extends PasswordHasher {
  verifications = 0;

  constructor() {
    super(testArgon2Cost);
  }

  override verify(hashed: string, password: string): Promise<boolean> {
    this.verifications += 1;
    return super.verify(hashed, password);
  }
}

/** A protector with fresh random keys. */
export function testProtector(): DataProtector {
  return new DataProtector({ activeKeyId: 't1', keys: { t1: randomBytes(32) }, indexKey: randomBytes(32) });
}

/** Every line a logger wrote, for tests that read the logs (ID-8). */
export function capturedLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ service: 'identity-test', level: 'debug', destination }), lines };
}

/** The identity schema, migrated, in a fresh database of the test run's PostgreSQL. */
export async function openTestDatabase(log: Logger = capturedLogger().log): Promise<MikroORM> {
  return openDatabase({
    url: await createTestDatabase(),
    schema: 'identity',
    entities: identityEntities,
    migrations,
    log,
    poolSize: 4,
  });
}

/** The session of a sign-in that must have signed in (not stopped at the temporary-password step). */
export function signedIn(outcome: SignInOutcome): SignedIn {
  if (outcome.status !== 'SIGNED_IN') throw new Error(`expected a session, got ${outcome.status}`);
  return outcome;
}

/** The same captcha challenge with an answer the test knows (the image is for people). */
export function knowCaptcha(protector: DataProtector, captchaId: string): { captchaId: string; captchaAnswer: string } {
  const captchaAnswer = 'test';
  const known = new CaptchaChallenges(protector).withAnswer(captchaId, captchaAnswer);
  if (!known) throw new Error(`not a captcha id: ${captchaId}`);
  return { captchaId: known, captchaAnswer };
}

/** A token issuer over the test database's signing keys, with 15-minute tokens by default. */
export function testTokenIssuer(
  orm: MikroORM,
  protector: DataProtector,
  settings: { issuer?: string; audience?: string; accessTokenTtl?: number } = {},
): TokenIssuer {
  const accessTokenTtl = settings.accessTokenTtl ?? 900;
  const keys = new SigningKeys(
    orm.em,
    protector,
    signingKeyPolicy({ rotationDays: 90, jwksCacheMs: 300_000, maxTokenTtlMs: accessTokenTtl * 1000 }),
  );
  return new TokenIssuer(keys, {
    issuer: settings.issuer ?? 'urn:t',
    audience: settings.audience ?? 'urn:t',
    accessTokenTtl,
  });
}
