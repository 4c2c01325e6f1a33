import type { EntityManager } from '@mikro-orm/postgresql';
import { type DataProtector, executePrepared, type Statement } from '@tessera/kit';
import { identityError } from '../errors';
import { lockoutAfter, lockoutSeconds } from './lockout-schedule';
import { SignInThrottle } from './sign-in-throttle.entity';

/** The wait after the failure a row is about to count, as SQL over the row's current count `t."failures"`. */
const nextWait = `(array[${lockoutSeconds.join(', ')}])[least(t."failures" + 1, ${lockoutSeconds.length - 1}) + 1]`;

/**
 * Counts attempts per key (a login name, a recovery target) and delays, then locks, per the
 * lockout schedule. Keys are stored as keyed hashes.
 *
 * An attempt is counted as a failure *before* the secret is checked, by one conditional upsert
 * that refuses while the key waits: of any number of simultaneous attempts, only as many reach
 * the check (argon2, a comparison) as the schedule allows before its next wait. A success clears
 * the count, the attempt's own reservation included.
 */
export class LoginThrottle {
  constructor(private readonly protector: DataProtector) {}

  /**
   * The upsert that reserves an attempt on `key` at `now`: it returns the count with this attempt
   * (`failures`) when the key may try, and no row while it waits. `gate` (e.g. `from "captcha" where
   * ?`) is appended to its select with `gateParams`: the attempt is counted only if it yields a row.
   */
  reservation(key: string, now: Date, gate = '', gateParams: unknown[] = []): Statement {
    const firstWait = lockoutAfter(1);
    return {
      sql: `insert into "identity"."sign_in_throttle" as t ("login_key", "failures", "last_failure_at", "locked_until")
        select ?, 1, ?::timestamptz, ?::timestamptz ${gate}
        on conflict ("login_key") do update set
          "failures" = t."failures" + 1,
          "last_failure_at" = excluded."last_failure_at",
          "locked_until" = case when ${nextWait} > 0
            then excluded."last_failure_at" + make_interval(secs => ${nextWait}) end
        where t."locked_until" is null or t."locked_until" <= excluded."last_failure_at"
        returning t."failures"`,
      params: [this.keyOf(key), now, firstWait > 0 ? new Date(now.getTime() + firstWait * 1000) : null, ...gateParams],
    };
  }

  /**
   * Reserves an attempt of something other than a sign-in (a recovery answer, the current password of
   * a password change; see `reservation`); throws ATTEMPTS_LOCKED while the key waits. Returns the count.
   */
  async reserve(em: EntityManager, key: string, now: Date): Promise<number> {
    const [reserved] = await executePrepared<{ failures: number }>(em, this.reservation(key, now));
    if (!reserved) throw await this.locked(em, key, now, 'ATTEMPTS_LOCKED');
    return reserved.failures;
  }

  /** The error of a key whose reservation was refused, with the seconds it still waits. */
  async locked(
    em: EntityManager,
    key: string,
    now: Date,
    code: 'SIGN_IN_LOCKED' | 'ATTEMPTS_LOCKED' = 'SIGN_IN_LOCKED',
  ): Promise<Error> {
    const throttle = await em.fork().findOne(SignInThrottle, { loginKey: this.keyOf(key) });
    const until = throttle?.lockedUntil?.getTime() ?? now.getTime();
    return identityError(code, { seconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) });
  }

  async clear(em: EntityManager, key: string): Promise<void> {
    await em.nativeDelete(SignInThrottle, { loginKey: this.keyOf(key) });
  }

  /** `clear` as a statement to run with another (a successful sign-in opening its session). */
  clearing(key: string): Statement {
    return { sql: 'delete from "identity"."sign_in_throttle" where "login_key" = ?', params: [this.keyOf(key)] };
  }

  /** The stored form of a key: a keyed hash. */
  keyOf(key: string): string {
    return this.protector.digest('sign-in', key);
  }
}
