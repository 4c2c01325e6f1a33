import { UUID } from '@tessera/kit';
import { ArrayMaxSize, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnum } from './graphql-enum';
import {
  type SatisfactionLevel,
  type SatisfactionQuestionId,
  satisfactionLevels,
  satisfactionQuestions,
} from './satisfaction-questionnaire';
import type { SatisfactionSurvey } from './satisfaction-survey.entity';
import type { SurveyReport } from './satisfaction-survey-service';

export const SatisfactionQuestionValue = graphqlEnum(
  satisfactionQuestions.map((q) => q.id),
  'SatisfactionQuestion',
  'The questions of the satisfaction survey form (CS-6).',
);
export const SatisfactionLevelValue = graphqlEnum(
  satisfactionLevels.map((l) => l.level),
  'SatisfactionLevel',
  'Bands of the 0–100 satisfaction score.',
);

@ObjectType('SurveyAnswer')
export class SurveyAnswerType {
  @Field(() => SatisfactionQuestionValue)
  question!: SatisfactionQuestionId;

  @Field(() => Int, { description: '1 (poor) to 5 (excellent).' })
  score!: number;
}

@ObjectType('SatisfactionSurvey', { description: 'A filled satisfaction survey form (CS-6).' })
export class SatisfactionSurveyType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  scope?: string;

  @Field(() => String, { nullable: true })
  respondentName?: string;

  @Field(() => String, { nullable: true })
  unitName?: string | null;

  @Field(() => ID, { nullable: true })
  surveyorId?: string;

  @Field(() => ID, { nullable: true })
  onSiteOrderId?: string | null;

  @Field(() => [SurveyAnswerType], { nullable: true })
  answers?: SurveyAnswerType[];

  @Field(() => Float, { nullable: true, description: 'Satisfaction score, 0–100.' })
  score?: number;

  @Field(() => String, { nullable: true })
  feedback?: string | null;

  @Field(() => Date, { nullable: true })
  surveyedAt?: Date;
}

export function surveyView(s: SatisfactionSurvey): SatisfactionSurveyType {
  return Object.assign(new SatisfactionSurveyType(), {
    id: s.id,
    scope: s.scope,
    respondentName: s.respondentName,
    unitName: s.unitName ?? null,
    surveyorId: s.surveyorId,
    onSiteOrderId: s.onSiteOrderId ?? null,
    answers: satisfactionQuestions.map((q) =>
      Object.assign(new SurveyAnswerType(), { question: q.id, score: s.answers[q.id] }),
    ),
    score: s.score,
    feedback: s.feedback ?? null,
    surveyedAt: s.surveyedAt,
  });
}

@ObjectType('SatisfactionLevelCount')
export class SatisfactionLevelCountType {
  @Field(() => SatisfactionLevelValue)
  level!: SatisfactionLevel;

  @Field(() => Int)
  count!: number;
}

@ObjectType('SatisfactionQuestionAverage')
export class SatisfactionQuestionAverageType {
  @Field(() => SatisfactionQuestionValue)
  question!: SatisfactionQuestionId;

  @Field(() => Float, { nullable: true })
  average?: number | null;
}

@ObjectType('SatisfactionReport', { description: 'The satisfaction survey report of a period (CS-6).' })
export class SatisfactionReportType {
  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;

  @Field(() => String, { nullable: true })
  scope?: string | null;

  @Field(() => Int, { nullable: true })
  count?: number;

  @Field(() => Float, { nullable: true, description: 'Mean score (0–100); null without surveys.' })
  averageScore?: number | null;

  @Field(() => [SatisfactionLevelCountType], { nullable: true })
  distribution?: SatisfactionLevelCountType[];

  @Field(() => [SatisfactionQuestionAverageType], { nullable: true })
  questionAverages?: SatisfactionQuestionAverageType[];

  @Field(() => [String], { nullable: true })
  feedback?: string[];
}

export function reportView(report: SurveyReport): SatisfactionReportType {
  return Object.assign(new SatisfactionReportType(), {
    ...report,
    scope: report.scope ?? null,
    distribution: report.distribution.map((d) => Object.assign(new SatisfactionLevelCountType(), d)),
    questionAverages: report.questionAverages.map((q) => Object.assign(new SatisfactionQuestionAverageType(), q)),
  });
}

@InputType()
export class SurveyAnswerInput {
  @Field(() => SatisfactionQuestionValue)
  question!: SatisfactionQuestionId;

  @Field(() => Int)
  score!: number;
}

@InputType()
export class RecordSatisfactionSurveyInput {
  @Field(() => String, { description: 'The survey round and population, e.g. `2026Q4 市县用户`.' })
  @Length(1, 200)
  scope!: string;

  @Field(() => String)
  @Length(1, 200)
  respondentName!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  unitName?: string;

  @Field(() => UUID, { nullable: true, description: 'The on-site visit the survey followed.' })
  @IsOptional()
  @IsUUID()
  onSiteOrderId?: string;

  @Field(() => [SurveyAnswerInput])
  @ArrayMaxSize(satisfactionQuestions.length)
  answers!: SurveyAnswerInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(4000)
  feedback?: string;
}
