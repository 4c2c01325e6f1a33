import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export type KeyEscrowAction = 'escrow' | 'request' | 'approve' | 'reject' | 'deliver';

/**
 * The audit trail of an escrowed key: its escrow and every step of a recovery, with who and when.
 * Append-only: the database refuses updates and deletes of these rows (migration 0003).
 */
@Entity({ tableName: 'key_escrow_event' })
export class KeyEscrowEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', index: true })
  escrowId!: string;

  @Property({ type: 'uuid', nullable: true })
  recoveryId?: string;

  @Enum({ items: ['escrow', 'request', 'approve', 'reject', 'deliver'], type: 'text' })
  action!: KeyEscrowAction;

  /** A staff user id, or `kmc` for the escrow at issuance. */
  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
