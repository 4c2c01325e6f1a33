import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { ConsultationCategory, HandlerRole } from './consultation-routing';

/** The Friday summary of a week's consultation records for the department manager (CS-2). */
@Entity({ tableName: 'consultation_weekly_summary' })
export class ConsultationWeeklySummary {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The Friday the week ends on (`YYYY-MM-DD`, China time); the week is the seven days up to it. */
  @Unique()
  @Property({ type: 'text' })
  weekEnding!: string;

  @Property({ type: 'integer' })
  total!: number;

  @Property({ type: 'integer' })
  answered!: number;

  @Property({ type: 'json' })
  byCategory!: Record<ConsultationCategory, number>;

  @Property({ type: 'json' })
  byHandlerRole!: Record<HandlerRole, number>;

  @Property({ type: 'timestamptz' })
  generatedAt!: Date;
}
