import { UUID } from '@tessera/kit';
import { IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { type Consultation, type ConsultationChannel, consultationChannels } from './consultation.entity';
import {
  type ConsultationCategory,
  consultationCategories,
  consultationRouting,
  type HandlerRole,
  handlerRoles,
} from './consultation-routing';
import type { WeeklySummaryFigures } from './consultation-weekly-summary';
import type { ConsultationWeeklySummary } from './consultation-weekly-summary.entity';
import { graphqlEnum } from './graphql-enum';

export const ConsultationCategoryValue = graphqlEnum(
  consultationCategories,
  'ConsultationCategory',
  'CS-1 categories.',
);
export const HandlerRoleValue = graphqlEnum(handlerRoles, 'ConsultationHandlerRole', 'Who answers a consultation.');
export const ConsultationChannelValue = graphqlEnum(consultationChannels, 'ConsultationChannel', 'How it came in.');

@ObjectType('Consultation', { description: 'A consultation record (咨询服务记录, CS-1).' })
export class ConsultationType {
  @Field(() => ID)
  id!: string;

  @Field(() => ConsultationCategoryValue, { nullable: true })
  category?: ConsultationCategory;

  @Field(() => HandlerRoleValue, { nullable: true, description: 'Where the category routed it.' })
  handlerRole?: HandlerRole;

  @Field(() => ConsultationChannelValue, { nullable: true })
  channel?: ConsultationChannel;

  @Field(() => String, { nullable: true })
  customerName?: string;

  @Field(() => String, { nullable: true })
  customerPhone?: string | null;

  @Field(() => String, { nullable: true })
  unitName?: string | null;

  @Field(() => String, { nullable: true })
  question?: string;

  @Field(() => String, { nullable: true })
  answer?: string | null;

  @Field(() => String, { nullable: true })
  answeredBy?: string | null;

  @Field(() => ID, { nullable: true, description: 'Staff id of the agent who took it.' })
  receivedBy?: string;

  @Field(() => Date, { nullable: true })
  receivedAt?: Date;

  @Field(() => Date, { nullable: true })
  answeredAt?: Date | null;
}

export function consultationView(c: Consultation): ConsultationType {
  return Object.assign(new ConsultationType(), {
    id: c.id,
    category: c.category,
    handlerRole: c.handlerRole,
    channel: c.channel,
    customerName: c.customerName,
    customerPhone: c.customerPhone ?? null,
    unitName: c.unitName ?? null,
    question: c.question,
    answer: c.answer ?? null,
    answeredBy: c.answeredBy ?? null,
    receivedBy: c.receivedBy,
    receivedAt: c.receivedAt,
    answeredAt: c.answeredAt ?? null,
  });
}

@ObjectType('ConsultationRoute', { description: 'Which handler a consultation category goes to (CS-1).' })
export class ConsultationRouteType {
  @Field(() => ConsultationCategoryValue)
  category!: ConsultationCategory;

  @Field(() => HandlerRoleValue)
  handlerRole!: HandlerRole;
}

export const consultationRoutingView = (): ConsultationRouteType[] =>
  consultationCategories.map((category) =>
    Object.assign(new ConsultationRouteType(), { category, handlerRole: consultationRouting[category] }),
  );

@ObjectType('ConsultationCategoryCount')
export class ConsultationCategoryCountType {
  @Field(() => ConsultationCategoryValue)
  category!: ConsultationCategory;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ConsultationHandlerCount')
export class ConsultationHandlerCountType {
  @Field(() => HandlerRoleValue)
  handlerRole!: HandlerRole;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ConsultationWeeklySummary', { description: 'The Friday summary of a week of consultations (CS-2).' })
export class ConsultationWeeklySummaryType {
  @Field(() => String, { nullable: true, description: 'The Friday (YYYY-MM-DD) the seven-day week ends on.' })
  weekEnding?: string;

  @Field(() => Int, { nullable: true })
  total?: number;

  @Field(() => Int, { nullable: true })
  answered?: number;

  @Field(() => [ConsultationCategoryCountType], { nullable: true })
  byCategory?: ConsultationCategoryCountType[];

  @Field(() => [ConsultationHandlerCountType], { nullable: true })
  byHandlerRole?: ConsultationHandlerCountType[];

  @Field(() => Date, {
    nullable: true,
    description: 'When a stored summary was produced; null when computed on demand.',
  })
  generatedAt?: Date | null;
}

export function weeklySummaryView(
  summary: WeeklySummaryFigures | ConsultationWeeklySummary,
): ConsultationWeeklySummaryType {
  return Object.assign(new ConsultationWeeklySummaryType(), {
    weekEnding: summary.weekEnding,
    total: summary.total,
    answered: summary.answered,
    byCategory: consultationCategories.map((category) =>
      Object.assign(new ConsultationCategoryCountType(), { category, count: summary.byCategory[category] ?? 0 }),
    ),
    byHandlerRole: handlerRoles.map((handlerRole) =>
      Object.assign(new ConsultationHandlerCountType(), {
        handlerRole,
        count: summary.byHandlerRole[handlerRole] ?? 0,
      }),
    ),
    generatedAt: 'generatedAt' in summary ? summary.generatedAt : null,
  });
}

@InputType()
export class RecordConsultationInput {
  @Field(() => ConsultationCategoryValue)
  category!: ConsultationCategory;

  @Field(() => ConsultationChannelValue)
  channel!: ConsultationChannel;

  @Field(() => String)
  @Length(1, 200)
  customerName!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  customerPhone?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  unitName?: string;

  @Field(() => String)
  @Length(1, 4000)
  question!: string;

  @Field(() => String, { nullable: true, description: 'The answer, when given at once.' })
  @IsOptional()
  @Length(1, 4000)
  answer?: string;
}

@InputType()
export class AnswerConsultationInput {
  @Field(() => UUID)
  @IsUUID()
  id!: string;

  @Field(() => String)
  @Length(1, 4000)
  answer!: string;

  @Field(() => String, { nullable: true, description: 'The marketing or technical colleague who answered.' })
  @IsOptional()
  @Length(1, 100)
  answeredBy?: string;
}
