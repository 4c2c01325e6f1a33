import { randomUUID } from 'node:crypto';
import { DeferMode, Entity, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/**
 * A signed-in session: one refresh-token family. Only a hash of the current refresh token is
 * kept, plus the previous one, so the reuse of a rotated token is recognised (and ends the session).
 */
@Entity({ tableName: 'session' })
@Unique({ name: 'session_sso_uid_unique', properties: ['ssoUid'], deferMode: DeferMode.INITIALLY_IMMEDIATE })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { fieldName: 'user_id', mapToPk: true, deleteRule: 'cascade' })
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

  /** Indexed: the list of ended sessions other processes fetch scans the recent ones. */
  @Property({ type: 'timestamptz', nullable: true })
  @Index()
  revokedAt?: Date;

  @Property({ type: 'text', nullable: true })
  revokedReason?: string;

  /**
   * The single-sign-on provider session this session signed in (its stable uid), if any; unique,
   * checked at the end of each statement (it moves between sessions in one).
   */
  @Property({ type: 'text', nullable: true })
  ssoUid?: string | null;
}
