import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import type { Clock } from './clock';
import {
  maxScore,
  minScore,
  type SatisfactionLevel,
  type SatisfactionQuestionId,
  type SurveyAnswers,
  satisfactionLevelOf,
  satisfactionLevels,
  satisfactionQuestions,
  satisfactionScore,
} from './satisfaction-questionnaire';
import { SatisfactionSurvey } from './satisfaction-survey.entity';
import type { Actor } from './state-machine';

export interface SurveyInput {
  scope: string;
  respondentName: string;
  unitName?: string;
  onSiteOrderId?: string;
  answers: { question: string; score: number }[];
  feedback?: string;
}

export interface SurveyReportQuery {
  from: Date;
  to: Date;
  scope?: string;
}

/** The satisfaction survey report (用户满意度调查汇报) of a period. */
export interface SurveyReport extends SurveyReportQuery {
  count: number;
  /** Mean satisfaction score (0–100) of the period's surveys; null when there are none. */
  averageScore: number | null;
  distribution: { level: SatisfactionLevel; count: number }[];
  /** Mean answer (1–5) per question. */
  questionAverages: { question: SatisfactionQuestionId; average: number | null }[];
  /** What respondents wrote, newest first. */
  feedback: string[];
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** One score from 1 to 5 for every question of the form, and nothing else. */
function answersOf(input: SurveyInput['answers']): SurveyAnswers {
  const known = new Set<string>(satisfactionQuestions.map((q) => q.id));
  const answers = new Map(input.map((a) => [a.question, a.score]));
  const valid =
    answers.size === input.length &&
    answers.size === known.size &&
    input.every(
      (a) => known.has(a.question) && Number.isInteger(a.score) && a.score >= minScore && a.score <= maxScore,
    );
  if (!valid) throw new DomainError('SURVEY_ANSWERS_INVALID');
  return Object.fromEntries(answers) as SurveyAnswers;
}

/** Satisfaction surveys: the forms, their computed scores, and the period report (CS-6). */
export class SatisfactionSurveyService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async record(input: SurveyInput, actor: Actor): Promise<SatisfactionSurvey> {
    const answers = answersOf(input.answers);
    const survey = this.em.create(SatisfactionSurvey, {
      ...input,
      answers,
      score: satisfactionScore(answers),
      surveyorId: actor.id,
      surveyedAt: this.clock.now(),
    });
    await this.em.persist(survey).flush();
    return survey;
  }

  list(query: Partial<SurveyReportQuery>, limit = 100): Promise<SatisfactionSurvey[]> {
    return this.em.find(
      SatisfactionSurvey,
      {
        ...(query.scope ? { scope: query.scope } : {}),
        surveyedAt: { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) },
      },
      { orderBy: { surveyedAt: 'desc' }, limit },
    );
  }

  async report(query: SurveyReportQuery): Promise<SurveyReport> {
    if (query.from.getTime() >= query.to.getTime()) throw new DomainError('PERIOD_INVALID');
    const surveys = await this.em.find(
      SatisfactionSurvey,
      { surveyedAt: { $gte: query.from, $lt: query.to }, ...(query.scope ? { scope: query.scope } : {}) },
      { orderBy: { surveyedAt: 'desc' } },
    );
    const count = surveys.length;
    const mean = (values: number[]) =>
      values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null;
    return {
      ...query,
      count,
      averageScore: mean(surveys.map((s) => s.score)),
      distribution: satisfactionLevels.map(({ level }) => ({
        level,
        count: surveys.filter((s) => satisfactionLevelOf(s.score) === level).length,
      })),
      questionAverages: satisfactionQuestions.map((q) => ({
        question: q.id,
        average: mean(surveys.map((s) => s.answers[q.id])),
      })),
      feedback: surveys.flatMap((s) => (s.feedback ? [s.feedback] : [])),
    };
  }
}
