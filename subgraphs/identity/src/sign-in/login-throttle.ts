import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector, Statement } from '@tessera/kit';
import { identityError } from '../errors';
import { lockoutAfter } from './lockout-schedule';
import { SignInThrottle } from './sign-in-throttle.entity';

/**
 * Counts consecutive failures per key (a login name, a recovery target) and delays, then
 * locks, per the lockout schedule. Keys are stored as keyed hashes.
 */
export class LoginThrottle {
  constructor(private readonly protector: DataProtector) {}

  /** Throws SIGN_IN_LOCKED while the key waits; returns the current failure count. */
  async check(em: EntityManager, key: string, now: Date): Promise<number> {
    return this.assess(await em.findOne(SignInThrottle, { loginKey: this.keyOf(key) }), now);
  }

  /** `check` on a throttle row the caller read itself (sign-in reads it with everything else). */
  assess(throttle: Pick<SignInThrottle, 'failures' | 'lockedUntil'> | null, now: Date): number {
    if (throttle?.lockedUntil && throttle.lockedUntil > now) {
      throw identityError('SIGN_IN_LOCKED', {
        seconds: Math.ceil((throttle.lockedUntil.getTime() - now.getTime()) / 1000),
      });
    }
    return throttle?.failures ?? 0;
  }

  async fail(em: EntityManager, key: string, now: Date): Promise<number> {
    const loginKey = this.keyOf(key);
    const failures = ((await em.findOne(SignInThrottle, { loginKey }))?.failures ?? 0) + 1;
    const wait = lockoutAfter(failures);
    await em.upsert(SignInThrottle, {
      loginKey,
      failures,
      lastFailureAt: now,
      lockedUntil: wait > 0 ? new Date(now.getTime() + wait * 1000) : null,
    } as SignInThrottle);
    return failures;
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
