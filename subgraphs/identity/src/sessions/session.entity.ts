import { randomUUID } from 'node:crypto';
import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A signed-in session: one refresh-token family. Only a hash of the current refresh token is
 * kept, plus the previous one, so the reuse of a rotated token is recognised (and ends the session).
 */
@Entity({ tableName: 'session' })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  @Index()
  userId!: string;

  /** `password` or `legacy_id_number` (ID-11). */
  @Property({ type: 'text' })
  method!: string;

  @Property({ type: 'text' })
  refreshDigest!: string;

  @Property({ type: 'text', nullable: true })
  previousRefreshDigest?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz' })
  lastUsedAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;

  @Property({ type: 'text', nullable: true })
  revokedReason?: string;
}
