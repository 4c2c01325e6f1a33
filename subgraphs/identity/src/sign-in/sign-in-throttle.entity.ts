import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Attempts per login name (a keyed hash of it; also recovery and password-change keys), whether or
 * not an account has that name, so the answers for unknown and known names stay the same. An
 * attempt is counted before its secret is checked and stays counted unless it succeeds, which
 * deletes the row (see LoginThrottle).
 */
@Entity({ tableName: 'sign_in_throttle' })
export class SignInThrottle {
  @PrimaryKey({ type: 'text' })
  loginKey!: string;

  @Property({ type: 'integer' })
  failures: number & Opt = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date;

  /** When the last attempt was counted. */
  @Property({ type: 'timestamptz' })
  lastFailureAt: Date & Opt = new Date();
}
