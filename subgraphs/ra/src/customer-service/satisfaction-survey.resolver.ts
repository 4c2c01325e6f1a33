import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf } from './actor';
import { customerServiceRuntime as runtime } from './customer-service-runtime';
import {
  RecordSatisfactionSurveyInput,
  reportView,
  SatisfactionReportType,
  SatisfactionSurveyType,
  surveyView,
} from './satisfaction-survey.type';
import { SatisfactionSurveyService } from './satisfaction-survey-service';

const service = (ctx: GraphContext) => new SatisfactionSurveyService(ctx.em, runtime.clock);

@Resolver(() => SatisfactionSurveyType)
export class SatisfactionSurveyResolver {
  @Query(() => [SatisfactionSurveyType], { description: 'Filled survey forms, newest first (CS-6).' })
  async satisfactionSurveys(
    @Ctx() ctx: GraphContext,
    @Arg('from', () => Date, { nullable: true }) from?: Date,
    @Arg('to', () => Date, { nullable: true }) to?: Date,
    @Arg('scope', () => String, { nullable: true }) scope?: string,
    @Arg('limit', () => Int, { nullable: true }) limit?: number,
  ): Promise<SatisfactionSurveyType[]> {
    return (await service(ctx).list({ from, to, scope }, Math.min(limit ?? 100, 500))).map(surveyView);
  }

  @Query(() => SatisfactionReportType, {
    description: 'Count, average score and distribution of the surveys of a period [from, to) (CS-6).',
  })
  async satisfactionReport(
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Ctx() ctx: GraphContext,
    @Arg('scope', () => String, { nullable: true }) scope?: string,
  ): Promise<SatisfactionReportType> {
    return reportView(await service(ctx).report({ from, to, scope }));
  }

  @Mutation(() => SatisfactionSurveyType, { description: 'Record a filled survey form; its score is computed.' })
  async recordSatisfactionSurvey(
    @Arg('input', () => RecordSatisfactionSurveyInput) input: RecordSatisfactionSurveyInput,
    @Ctx() ctx: GraphContext,
  ): Promise<SatisfactionSurveyType> {
    return surveyView(await service(ctx).record(input, actorOf(ctx.viewer)));
  }
}
