import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf } from './actor';
import {
  AnswerConsultationInput,
  ConsultationCategoryValue,
  ConsultationRouteType,
  ConsultationType,
  ConsultationWeeklySummaryType,
  consultationRoutingView,
  consultationView,
  RecordConsultationInput,
  weeklySummaryView,
} from './consultation.type';
import type { ConsultationCategory } from './consultation-routing';
import { ConsultationService } from './consultation-service';
import { ConsultationWeeklySummaries } from './consultation-weekly-summary';
import { customerServiceRuntime as runtime } from './customer-service-runtime';

@Resolver(() => ConsultationType)
export class ConsultationResolver {
  @Query(() => [ConsultationRouteType], { description: 'The routing table: the handler of each category (CS-1).' })
  consultationRouting(): ConsultationRouteType[] {
    return consultationRoutingView();
  }

  @Query(() => [ConsultationType], { description: 'Consultation records, newest first (CS-1).' })
  async consultations(
    @Ctx() ctx: GraphContext,
    @Arg('from', () => Date, { nullable: true }) from?: Date,
    @Arg('to', () => Date, { nullable: true }) to?: Date,
    @Arg('category', () => ConsultationCategoryValue, { nullable: true }) category?: ConsultationCategory,
    @Arg('unanswered', () => Boolean, { nullable: true }) unanswered?: boolean,
    @Arg('limit', () => Int, { nullable: true }) limit?: number,
  ): Promise<ConsultationType[]> {
    const service = new ConsultationService(ctx.em, runtime.clock);
    const found = await service.list({ from, to, category, unanswered }, Math.min(limit ?? 100, 500));
    return found.map(consultationView);
  }

  @Query(() => ConsultationWeeklySummaryType, {
    description: 'The consultation summary of the week ending on a Friday, computed now (CS-2).',
  })
  async consultationWeeklySummary(
    @Arg('weekEnding', () => String, { description: 'A Friday, YYYY-MM-DD.' }) weekEnding: string,
    @Ctx() ctx: GraphContext,
  ): Promise<ConsultationWeeklySummaryType> {
    return weeklySummaryView(await new ConsultationWeeklySummaries(ctx.em, runtime.clock).compute(weekEnding));
  }

  @Query(() => [ConsultationWeeklySummaryType], {
    description: 'The summaries the Friday job stored, latest first (CS-2).',
  })
  async storedConsultationWeeklySummaries(
    @Ctx() ctx: GraphContext,
    @Arg('limit', () => Int, { nullable: true }) limit?: number,
  ): Promise<ConsultationWeeklySummaryType[]> {
    const stored = await new ConsultationWeeklySummaries(ctx.em, runtime.clock).stored(Math.min(limit ?? 52, 520));
    return stored.map(weeklySummaryView);
  }

  @Mutation(() => ConsultationType, { description: 'Record a consultation; its category routes it (CS-1).' })
  async recordConsultation(
    @Arg('input', () => RecordConsultationInput) input: RecordConsultationInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ConsultationType> {
    const service = new ConsultationService(ctx.em, runtime.clock);
    return consultationView(await service.record(input, actorOf(ctx.viewer)));
  }

  @Mutation(() => ConsultationType, { description: "Record the handler's answer to a consultation." })
  async answerConsultation(
    @Arg('input', () => AnswerConsultationInput) input: AnswerConsultationInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ConsultationType> {
    const service = new ConsultationService(ctx.em, runtime.clock);
    return consultationView(await service.answer(input.id, input.answer, input.answeredBy));
  }
}
