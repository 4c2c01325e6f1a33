import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Failed sign-ins per login name (a keyed hash of it), whether or not an account has that name,
 * so the answers for unknown and known names stay the same.
 */
@Entity({ tableName: 'sign_in_throttle' })
export class SignInThrottle {
  @PrimaryKey({ type: 'text' })
  loginKey!: string;

  @Property({ type: 'integer' })
  failures: number & Opt = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date;

  @Property({ type: 'timestamptz' })
  lastFailureAt: Date & Opt = new Date();
}
