import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, createTestDatabase, DataProtector, type Logger, openDatabase } from '@tessera/kit';
import { CaptchaChallenges } from '../captcha/captcha-challenge';
import { identityEntities } from '../entities';
import { migrations } from '../migrations';
import type { SignedIn, SignInOutcome } from '../sign-in/sign-in-service';

/** argon2id at the lowest cost: tests check behaviour, not hash strength. */
export const testArgon2Cost = { memoryCost: 256, timeCost: 1, parallelism: 1 };

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
