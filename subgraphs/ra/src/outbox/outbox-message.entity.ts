import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { type CaCallState, caCallStates } from './ca-call-lifecycle';

export const outboxKinds = [
  'create_enrollment',
  'revoke_certificate',
  'suspend_certificate',
  'release_certificate',
  'unlock_ekey',
] as const;
export type OutboxKind = (typeof outboxKinds)[number];

/**
 * A call the RA owes the certificate subgraph, written in the same transaction as the workflow step
 * that decided it, and delivered (with retries) until the certificate subgraph has answered. The
 * idempotency key lets the certificate subgraph recognise a repeat, so a retry never issues twice.
 * A permanent refusal leaves it `failed` for an operator (ca-call-lifecycle.ts).
 */
@Entity({ tableName: 'outbox_message' })
export class OutboxMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: [...outboxKinds], type: 'text' })
  kind!: OutboxKind;

  @Property({ type: 'uuid', index: true })
  applicationId!: string;

  @Property({ type: 'text', unique: true })
  idempotencyKey!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Enum({ items: [...caCallStates], type: 'text', default: 'pending' })
  state: CaCallState & Opt = 'pending';

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'timestamptz', index: true })
  nextAttemptAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date;

  /** The last failure, for operators (never the payload: it may hold personal data). */
  @Property({ type: 'text', nullable: true })
  lastError?: string;

  /** The `extensions.code` of the last failure, if the certificate subgraph answered with one. */
  @Property({ type: 'text', nullable: true })
  lastErrorCode?: string;

  /** When a permanent refusal stopped the retries. */
  @Property({ type: 'timestamptz', nullable: true })
  failedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  settledAt?: Date;

  @Property({ type: 'text', nullable: true })
  settledBy?: string;

  /** Why an administrator settled it instead of delivering it (also in the operation log). */
  @Property({ type: 'text', nullable: true })
  settlementReason?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
