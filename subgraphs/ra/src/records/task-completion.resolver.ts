import type { GraphContext } from '@tessera/kit';
import { IsOptional, MaxLength } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { BusinessType } from '../applications/business-type';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { BusinessTypeValue, CertificateApplicationType } from '../applications/certificate-application.type';
import { applicationView } from '../applications/certificate-application.view';
import type { TaskCompletionRecord } from './task-completion-record.entity';
import { TaskCompletions } from './task-completions';

@ObjectType('TaskSteps', { description: 'Who took each step of a completed task (ids; `system` for the RA itself).' })
export class TaskStepsType {
  @Field(() => String, { nullable: true })
  submittedBy!: string | null;

  @Field(() => String, { nullable: true })
  agencyApprovedBy!: string | null;

  @Field(() => String, { nullable: true })
  enteredBy!: string | null;

  @Field(() => String, { nullable: true })
  reviewedBy!: string | null;

  @Field(() => String, { nullable: true })
  issuedBy!: string | null;

  @Field(() => String, { nullable: true })
  archivedBy!: string | null;
}

@ObjectType('TaskCompletionRecord', {
  description: 'The task completion record (任务完成记录单) of a completed task (RA-13).',
})
export class TaskCompletionRecordType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  completedAt!: Date;

  @Field(() => BusinessTypeValue)
  businessType!: BusinessTypeValue;

  @Field(() => String, { description: 'The archive clerk who completed it.' })
  completedBy!: string;

  @Field(() => TaskStepsType)
  steps!: TaskStepsType;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => CertificateApplicationType, { nullable: true })
  application?: CertificateApplicationType | null;

  /** Not a GraphQL field: resolved through the request's loader. */
  applicationId!: string;
}

@ObjectType('TaskCompletionRecordPage', { description: 'One page of task completion records, newest first.' })
export class TaskCompletionRecordPageType {
  @Field(() => Int, { description: 'How many records match the filter.' })
  total!: number;

  @Field(() => [TaskCompletionRecordType])
  records!: TaskCompletionRecordType[];
}

@InputType({ description: 'Which task completion records to list; every part is optional.' })
class TaskCompletionFilterInput {
  @Field(() => Date, { nullable: true, description: 'Completed at or after.' })
  @IsOptional()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Completed before.' })
  @IsOptional()
  to?: Date | null;

  @Field(() => String, { nullable: true, description: 'A staff id that took any step of the task or completed it.' })
  @IsOptional()
  @MaxLength(64)
  clerk?: string | null;

  @Field(() => BusinessTypeValue, { nullable: true })
  @IsOptional()
  businessType?: BusinessTypeValue | null;
}

const completions = new TaskCompletions();

function recordView(record: TaskCompletionRecord): TaskCompletionRecordType {
  const step = (name: string) => record.steps[name] ?? null;
  return Object.assign(new TaskCompletionRecordType(), {
    id: record.id,
    completedAt: record.completedAt,
    businessType: record.businessType as BusinessTypeValue,
    completedBy: record.completedBy,
    steps: Object.assign(new TaskStepsType(), {
      submittedBy: step('submittedBy'),
      agencyApprovedBy: step('agencyApprovedBy'),
      enteredBy: step('enteredBy'),
      reviewedBy: step('reviewedBy'),
      issuedBy: step('issuedBy'),
      archivedBy: step('archivedBy'),
    }),
    note: record.note ?? null,
    applicationId: record.application.id,
  });
}

@Resolver(() => TaskCompletionRecordType)
export class TaskCompletionResolver {
  @Query(() => TaskCompletionRecordPageType, {
    description: 'Task completion records (RA-13), newest first, by completion time, clerk and business type.',
  })
  async taskCompletionRecords(
    @Arg('filter', () => TaskCompletionFilterInput, { defaultValue: {} }) filter: TaskCompletionFilterInput,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: GraphContext,
  ): Promise<TaskCompletionRecordPageType> {
    const { total, records } = await completions.page(
      ctx.em,
      { ...filter, businessType: filter.businessType as BusinessType | null | undefined },
      offset,
      first,
    );
    return Object.assign(new TaskCompletionRecordPageType(), { total, records: records.map(recordView) });
  }

  @FieldResolver(() => CertificateApplicationType, { nullable: true })
  async application(
    @Root() root: TaskCompletionRecordType,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateApplicationType | null> {
    const application = await ctx.loaders.byId(CertificateApplication).load(root.applicationId);
    return application && applicationView(application);
  }
}
