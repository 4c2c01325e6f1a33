import { randomUUID } from 'node:crypto';
import {
  Cascade,
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  type Opt,
  PrimaryKey,
  Property,
} from '@mikro-orm/core';

/** Whether the caller asks about a certificate business or needs a problem solved (CS-3). */
export const phoneCallKinds = ['business_consultation', 'problem'] as const;
export type PhoneCallKind = (typeof phoneCallKinds)[number];

export const phoneCallStates = ['open', 'escalated', 'solved'] as const;
export type PhoneCallState = (typeof phoneCallStates)[number];

/** A phone record (电话记录单, CS-3): the call, and what happened until the caller's problem was solved. */
@Entity({ tableName: 'phone_call' })
export class PhoneCall {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: [...phoneCallKinds], type: 'text' })
  kind!: PhoneCallKind;

  @Index()
  @Enum({ items: [...phoneCallStates], type: 'text' })
  state: PhoneCallState & Opt = 'open';

  @Property({ type: 'text' })
  callerName!: string;

  @Property({ type: 'text' })
  callerPhone!: string;

  @Property({ type: 'text', nullable: true })
  unitName?: string;

  @Property({ type: 'text' })
  description!: string;

  /** The support-handbook entry (CT-6) the agent answered from. */
  @Property({ type: 'text', nullable: true })
  handbookReference?: string;

  @Property({ type: 'text', nullable: true })
  solution?: string;

  /** Staff id of the hotline agent who took the call and tracks it until solved. */
  @Property({ type: 'uuid' })
  agentId!: string;

  /** The technician the unsolved problem was handed to. */
  @Property({ type: 'text', nullable: true })
  technician?: string;

  @Index()
  @Property({ type: 'timestamptz' })
  receivedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  escalatedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  solvedAt?: Date;

  @OneToMany(
    () => PhoneFollowUp,
    (f) => f.call,
    { cascade: [Cascade.PERSIST], orderBy: { recordedAt: 'asc' } },
  )
  followUps = new Collection<PhoneFollowUp>(this);

  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}

/** One follow-up on an escalated call: what the agent learned from the technician or the caller. */
@Entity({ tableName: 'phone_follow_up' })
export class PhoneFollowUp {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => PhoneCall, { deleteRule: 'cascade' })
  call!: PhoneCall;

  @Property({ type: 'text' })
  note!: string;

  @Property({ type: 'uuid' })
  recordedBy!: string;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;
}
