import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Session } from '../sessions/session.entity';

/**
 * A business system a platform session signed the user in to, with the session id (`sid`) the
 * system knows it by: what back-channel logout names, and what the user's sessions page lists.
 */
@Entity({ tableName: 'system_sign_in' })
@Unique({ properties: ['sessionId', 'systemCode'] })
export class SystemSignIn {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Session, { fieldName: 'session_id', mapToPk: true, deleteRule: 'cascade' })
  sessionId!: string;

  @Property({ type: 'text' })
  @Index()
  systemCode!: string;

  /** The `sub` the system received (the user id, or its pairwise value). */
  @Property({ type: 'text' })
  subject!: string;

  /** The `sid` claim the system received. */
  @Property({ type: 'text' })
  sid!: string;

  @Property({ type: 'timestamptz' })
  signedInAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz' })
  lastSignInAt: Date & Opt = new Date();

  /** Set once the system was told (or asked) to end its session. */
  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;
}
