import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { BusinessType } from '../applications/business-type';
import { BusinessTypeValue } from '../applications/certificate-application.type';
import { ConsultationCategoryValue } from '../customer-service/consultation.type';
import type { ConsultationCategory } from '../customer-service/consultation-routing';
import type { WorkflowEvent } from '../workflow/workflow';
import { WorkflowEventValue } from '../workflow/workflow.type';

@ObjectType('ApplicationsInMonth', { description: 'Applications received in a month, per business type and region.' })
export class ApplicationsInMonthType {
  @Field(() => String, { description: 'YYYY-MM, in the bureau time zone.' })
  month!: string;

  @Field(() => BusinessTypeValue)
  businessType!: BusinessType;

  @Field(() => String, { nullable: true, description: "The subscriber's region." })
  region!: string | null;

  @Field(() => Int)
  count!: number;
}

@ObjectType('WorkflowStepDuration', { description: 'The mean time a workflow step took after the previous one.' })
export class WorkflowStepDurationType {
  @Field(() => WorkflowEventValue)
  step!: WorkflowEvent;

  @Field(() => Int)
  count!: number;

  @Field(() => Float)
  averageSeconds!: number;
}

@ObjectType('ConsultationsInWeek', { description: 'Consultations of a Friday week in one category (CS-2).' })
export class ConsultationsInWeekType {
  @Field(() => String, { description: 'The Friday the week ends on, YYYY-MM-DD.' })
  weekEnding!: string;

  @Field(() => ConsultationCategoryValue)
  category!: ConsultationCategory;

  @Field(() => Int)
  count!: number;

  @Field(() => Int)
  answered!: number;
}

@ObjectType('SatisfactionInMonth', { description: 'Satisfaction surveys of a month and their mean score (CS-6).' })
export class SatisfactionInMonthType {
  @Field(() => String, { description: 'YYYY-MM, in the bureau time zone.' })
  month!: string;

  @Field(() => Int)
  surveys!: number;

  @Field(() => Float, { description: 'Mean score, 0 to 100.' })
  averageScore!: number;
}

@ObjectType('RaDashboard', {
  description: "The RA's dashboard figures (issue 17 item 9), months and weeks in the bureau time zone.",
})
export class RaDashboardType {
  @Field(() => [ApplicationsInMonthType])
  applicationsPerMonth!: ApplicationsInMonthType[];

  @Field(() => [WorkflowStepDurationType])
  stepDurations!: WorkflowStepDurationType[];

  @Field(() => [ConsultationsInWeekType])
  consultationsPerWeek!: ConsultationsInWeekType[];

  @Field(() => [SatisfactionInMonthType])
  satisfactionPerMonth!: SatisfactionInMonthType[];
}
