import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export const onSiteOrderStates = ['requested', 'scheduled', 'pending', 'solved'] as const;
export type OnSiteOrderState = (typeof onSiteOrderStates)[number];

/**
 * An on-site service order (上门服务单, CS-4). The customer is promised a solution within seven
 * working days of the request; a visit that does not solve the problem is reported to a
 * superior the same day.
 */
@Entity({ tableName: 'on_site_service_order' })
export class OnSiteServiceOrder {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Enum({ items: [...onSiteOrderStates], type: 'text' })
  state: OnSiteOrderState & Opt = 'requested';

  @Property({ type: 'text' })
  customerName!: string;

  @Property({ type: 'text' })
  customerPhone!: string;

  @Property({ type: 'text', nullable: true })
  unitName?: string;

  @Property({ type: 'text' })
  address!: string;

  @Property({ type: 'text' })
  problem!: string;

  /** The phone call that led to the visit, if any. */
  @Property({ type: 'uuid', nullable: true })
  phoneCallId?: string;

  /** Staff id of the agent who requested the visit. */
  @Property({ type: 'uuid' })
  requestedBy!: string;

  @Property({ type: 'timestamptz' })
  requestedAt!: Date;

  /** End of the seventh working day after the request. */
  @Index()
  @Property({ type: 'timestamptz' })
  promisedBy!: Date;

  @Property({ type: 'text', nullable: true })
  engineer?: string;

  @Property({ type: 'timestamptz', nullable: true })
  appointmentAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  reportedToSuperiorAt?: Date;

  @Property({ type: 'text', nullable: true })
  cause?: string;

  @Property({ type: 'text', nullable: true })
  solution?: string;

  @Property({ type: 'timestamptz', nullable: true })
  solvedAt?: Date;

  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}
