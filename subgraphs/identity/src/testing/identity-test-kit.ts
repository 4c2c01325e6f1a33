import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, createTestDatabase, DataProtector, type Logger, openDatabase } from '@tessera/kit';
import { CaptchaChallenges } from '../captcha/captcha-challenge';
import { CaptchaService } from '../captcha/captcha-service';
import { identityEntities } from '../entities';
import { migrations } from '../migrations';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordRecovery } from '../recovery/password-recovery';
import { UsernameRecovery } from '../recovery/username-recovery';
import { SecurityQuestionsService } from '../security-questions/security-questions-service';
import { SessionService } from '../sessions/session-service';
import { LoginThrottle } from '../sign-in/login-throttle';
import type { SignedIn, SignInOutcome } from '../sign-in/sign-in-service';
import { SmsCodes } from '../sms/sms-codes';
import type { SmsOutbox } from '../sms/sms-outbox';
import { signingKeyPolicy } from '../tokens/signing-key-lifecycle';
import { SigningKeys } from '../tokens/signing-keys';
import { TokenIssuer } from '../tokens/token-issuer';
import { User } from '../users/user.entity';

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

/**
 * The identity schema in the database at `url`, migrated through its first `through` migrations (all by
 * default): a database as an older version left it, and the same database upgraded.
 */
export function openMigratedDatabase(url: string, log: Logger, through = migrations.length): Promise<MikroORM> {
  return openDatabase({
    url,
    schema: 'identity',
    entities: identityEntities,
    migrations: migrations.slice(0, through),
    log,
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

/** Username and password recovery (ID-13, ID-14) over the test database, answering at once, with a captcha whose text the test knows. */
export function recoveryServices(
  orm: MikroORM,
  parts: { protector: DataProtector; hasher: PasswordHasher; log: Logger; outbox: SmsOutbox; captchaText: string },
) {
  const { protector, hasher, log, outbox } = parts;
  const captcha = new CaptchaService(orm.em, protector, undefined, () => ({ text: parts.captchaText, data: '<svg/>' }));
  const codes = new SmsCodes(orm.em, outbox, protector);
  const questions = new SecurityQuestionsService(orm.em, hasher);
  const sessions = new SessionService(orm.em, testTokenIssuer(orm, protector), protector);
  const usernames = new UsernameRecovery(orm.em, protector, captcha, codes, outbox, log, 0);
  const passwords = new PasswordRecovery({
    em: orm.em,
    protector,
    captcha,
    questions,
    codes,
    outbox,
    hasher,
    sessions,
    throttle: new LoginThrottle(protector),
    log,
    answerMs: 0,
  });
  return { captcha, questions, sessions, usernames, passwords };
}

/** A citizen registered with a resident ID card and a phone, password `Secret-2024`, stored. */
export async function registeredCitizen(
  orm: MikroORM,
  protector: DataProtector,
  hasher: PasswordHasher,
  person: { username: string; name: string; idNumber: string; phone: string },
): Promise<User> {
  const em = orm.em.fork();
  const user = em.create(User, {
    username: person.username,
    kind: 'citizen',
    displayName: person.name,
    passwordHash: await hasher.hash('Secret-2024'),
    idType: 'RESIDENT_ID_CARD',
    idNumberIndex: protector.index('idNumber', `RESIDENT_ID_CARD:${person.idNumber}`),
    phoneSealed: protector.seal('phone', person.phone),
    phoneIndex: protector.index('phone', person.phone),
  });
  await em.flush();
  return user;
}
