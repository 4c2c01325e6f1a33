import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import {
  type BusinessType,
  businessTypes,
  type CertificateKind,
  certificateKinds,
} from '../applications/business-type';

/** The fee of one business type for one certificate kind, edited by administrators (RA-12). */
@Entity({ tableName: 'fee_schedule_entry' })
@Unique({ properties: ['businessType', 'certificateKind'] })
export class FeeScheduleEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: [...businessTypes], type: 'text' })
  businessType!: BusinessType;

  @Enum({ items: [...certificateKinds], type: 'text' })
  certificateKind!: CertificateKind;

  /** Amount in fen (0.01 yuan). */
  @Property({ type: 'integer' })
  amountFen!: number;

  @Property({ type: 'text', nullable: true })
  updatedBy?: string;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
