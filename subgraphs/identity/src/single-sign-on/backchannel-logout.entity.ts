import { randomUUID } from 'node:crypto';
import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A logout token owed to a business system (OIDC Back-Channel Logout 1.0): the durable outbox
 * row, delivered with retries and backoff, visible to administrators.
 */
@Entity({ tableName: 'backchannel_logout' })
@Index({ properties: ['deliveredAt', 'nextAttemptAt'] })
export class BackchannelLogout {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  @Index()
  systemCode!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'text' })
  sid!: string;

  /** The platform session that ended (kept after the session row is gone). */
  @Property({ type: 'uuid', nullable: true })
  sessionId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  userId?: string | null;

  /** Why the session ended: `signed out`, `password changed`, `ended by administrator`, … */
  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'timestamptz' })
  nextAttemptAt: Date & Opt = new Date();

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;

  /** Given up after the last retry; an administrator may retry it. */
  @Property({ type: 'timestamptz', nullable: true })
  abandonedAt?: Date | null;
}
