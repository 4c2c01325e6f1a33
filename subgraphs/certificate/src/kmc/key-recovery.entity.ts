import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { KeyRecoveryState } from './key-recovery-transitions';

/**
 * A request to deliver an escrowed key again (CT-1): opened by an administrator for a named signing
 * certificate, approved by an auditor who is someone else, then delivered in a new envelope.
 */
@Entity({ tableName: 'key_recovery' })
export class KeyRecovery {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', index: true })
  escrowId!: string;

  /** The signing certificate whose public key the envelope is sealed to; fixed when the request opens. */
  @Property({ type: 'uuid' })
  targetCertificateId!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Enum({ items: ['requested', 'approved', 'rejected', 'delivered'], type: 'text' })
  state: KeyRecoveryState & Opt = 'requested';

  @Property({ type: 'text' })
  requestedBy!: string;

  @Property({ type: 'timestamptz' })
  requestedAt!: Date;

  @Property({ type: 'text', nullable: true })
  decidedBy?: string;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date;

  @Property({ type: 'text', nullable: true })
  deliveredBy?: string;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
