import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import {
  type ConsultationCategory,
  consultationCategories,
  type HandlerRole,
  handlerRoles,
} from './consultation-routing';

export const consultationChannels = ['counter', 'phone', 'online'] as const;
export type ConsultationChannel = (typeof consultationChannels)[number];

/** A consultation record (咨询服务记录表, CS-1): the question, where it was routed, the answer. */
@Entity({ tableName: 'consultation' })
export class Consultation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: [...consultationCategories], type: 'text' })
  category!: ConsultationCategory;

  @Enum({ items: [...handlerRoles], type: 'text' })
  handlerRole!: HandlerRole;

  @Enum({ items: [...consultationChannels], type: 'text' })
  channel!: ConsultationChannel;

  @Property({ type: 'text' })
  customerName!: string;

  @Property({ type: 'text', nullable: true })
  customerPhone?: string;

  @Property({ type: 'text', nullable: true })
  unitName?: string;

  @Property({ type: 'text' })
  question!: string;

  @Property({ type: 'text', nullable: true })
  answer?: string;

  /** Name of the marketing or technical colleague who gave the answer, when not the agent. */
  @Property({ type: 'text', nullable: true })
  answeredBy?: string;

  /** Staff id of the agent who took the consultation. */
  @Property({ type: 'uuid' })
  receivedBy!: string;

  @Index()
  @Property({ type: 'timestamptz' })
  receivedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  answeredAt?: Date;

  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}
