import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { type ComplaintState, complaintStates } from './complaint-workflow';

/** A customer complaint (客户投诉登记表, CS-5) as it moves through `complaintWorkflow`. */
@Entity({ tableName: 'complaint' })
export class Complaint {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Enum({ items: [...complaintStates], type: 'text' })
  state!: ComplaintState;

  @Property({ type: 'text' })
  complainantName!: string;

  @Property({ type: 'text', nullable: true })
  complainantPhone?: string;

  /** The identity `User` who filed it online, when a citizen did. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  complainantUserId?: string;

  /** What the customer said, as heard. */
  @Property({ type: 'text' })
  statement!: string;

  /** The registration form's account of the complaint, written by the agent. */
  @Property({ type: 'text', nullable: true })
  record?: string;

  /** The staff member or office the complaint is about. */
  @Property({ type: 'text', nullable: true })
  responsiblePerson?: string;

  /** What the responsible person confirmed or disputed. */
  @Property({ type: 'text', nullable: true })
  verification?: string;

  /** The final deadline agreed with the customer when the complaint is accepted. */
  @Property({ type: 'timestamptz', nullable: true })
  deadline?: Date;

  @Property({ type: 'text', nullable: true })
  refusalReason?: string;

  @Property({ type: 'text', nullable: true })
  resolution?: string;

  /** Staff id of the agent who received it (or the citizen's user id). */
  @Property({ type: 'uuid' })
  receivedBy!: string;

  @Property({ type: 'uuid', nullable: true })
  handledBy?: string;

  @Index()
  @Property({ type: 'timestamptz' })
  receivedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  verifiedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  handledAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  thankedAt?: Date;

  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}
