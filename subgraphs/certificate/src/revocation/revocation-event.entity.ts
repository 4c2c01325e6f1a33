import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { RevocationReason } from './revocation-reason';

export type RevocationAction = 'revoke' | 'suspend' | 'release';

/** One change of a certificate's revocation status, kept as history (the row holds the current status). */
@Entity({ tableName: 'revocation_event' })
export class RevocationEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', index: true })
  certificateId!: string;

  @Enum({ items: ['revoke', 'suspend', 'release'], type: 'text' })
  action!: RevocationAction;

  @Property({ type: 'text', nullable: true })
  reason?: RevocationReason;

  /** Who asked: a staff user id, or `system` for the automatic release (RA-5). */
  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
