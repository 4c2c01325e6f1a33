import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/** One action of user comprehensive management (ID-18), with the acting staff member. */
@Entity({ tableName: 'admin_action' })
@Index({ properties: ['targetUserId', 'at'] })
@Index({ properties: ['systemCode', 'at'] })
export class AdminAction {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The staff member's subject. */
  @Property({ type: 'text' })
  actorId!: string;

  /** `search`, `view`, `lock`, `unlock`, `force_password_reset`, `end_sessions`, `register_system`, `update_system`… */
  @Property({ type: 'text' })
  action!: string;

  @ManyToOne(() => User, { fieldName: 'target_user_id', mapToPk: true, nullable: true, deleteRule: 'no action' })
  targetUserId?: string;

  /** The business system acted on (ID-17), by its code. */
  @Property({ type: 'text', nullable: true })
  systemCode?: string;

  /**
   * What was searched for, by field name only (never the searched value); what a change of a
   * business system changed (JSON, never a secret).
   */
  @Property({ type: 'text', nullable: true })
  detail?: string;

  @Property({ type: 'timestamptz' })
  at: Date & Opt = new Date();
}
