import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { SurveyAnswers } from './satisfaction-questionnaire';

/** One filled satisfaction survey form (CS-6), with its computed score. */
@Entity({ tableName: 'satisfaction_survey' })
export class SatisfactionSurvey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The survey round and population it belongs to, e.g. `2026Q4 市县用户`. */
  @Index()
  @Property({ type: 'text' })
  scope!: string;

  @Property({ type: 'text' })
  respondentName!: string;

  @Property({ type: 'text', nullable: true })
  unitName?: string;

  /** Staff id of the surveyor who recorded the form. */
  @Property({ type: 'uuid' })
  surveyorId!: string;

  /** The on-site visit the survey followed, if any (CS-4 asks for one after every visit). */
  @Property({ type: 'uuid', nullable: true })
  onSiteOrderId?: string;

  @Property({ type: 'json' })
  answers!: SurveyAnswers;

  /** 0–100, computed from the answers when recorded. */
  @Property({ type: 'double' })
  score!: number;

  @Property({ type: 'text', nullable: true })
  feedback?: string;

  @Index()
  @Property({ type: 'timestamptz' })
  surveyedAt!: Date;
}
