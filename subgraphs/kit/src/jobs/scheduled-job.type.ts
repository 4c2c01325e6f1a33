import { Directive, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { JobRunOutcome } from './job-run.entity';
import type { ScheduledJobState } from './job-scheduler';

export enum ScheduledJobOutcome {
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}

registerEnumType(ScheduledJobOutcome, {
  name: 'ScheduledJobOutcome',
  description: 'How a run of a scheduled job ended.',
});

/** Every subgraph with jobs serves these types, identically: shareable value types. */
@Directive('@shareable')
@ObjectType({ description: 'One run of a scheduled job, by whichever replica claimed its period.' })
export class ScheduledJobRun {
  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt?: Date | null;

  @Field(() => ScheduledJobOutcome)
  outcome!: ScheduledJobOutcome;

  @Field(() => String, {
    nullable: true,
    description: 'Error code of a failed run (the message is in the logs and the `job_run` table).',
  })
  errorCode?: string | null;

  @Field(() => String, { description: 'The replica that ran it (host:pid).' })
  runner!: string;
}

@Directive('@shareable')
@ObjectType({ description: 'Work a subgraph does once per period across all its replicas.' })
export class ScheduledJob {
  @Field(() => String)
  name!: string;

  @Field(() => Float)
  periodSeconds!: number;

  @Field(() => ScheduledJobRun, { nullable: true, description: 'The latest run in the cluster.' })
  lastRun?: ScheduledJobRun | null;

  @Field(() => Date, { nullable: true, description: 'When the latest successful run started.' })
  lastSuccessAt?: Date | null;

  @Field(() => Date, { description: 'Start of the next period, when a replica will run the job.' })
  nextRunAt!: Date;

  @Field(() => Int, { description: 'Failed runs since the last successful one.' })
  failuresInARow!: number;
}

const outcomes: Record<JobRunOutcome, ScheduledJobOutcome> = {
  running: ScheduledJobOutcome.RUNNING,
  succeeded: ScheduledJobOutcome.SUCCEEDED,
  failed: ScheduledJobOutcome.FAILED,
};

export function scheduledJobView(state: ScheduledJobState): ScheduledJob {
  const run = state.lastRun;
  return Object.assign(new ScheduledJob(), {
    name: state.name,
    periodSeconds: state.periodMs / 1000,
    lastRun:
      run &&
      Object.assign(new ScheduledJobRun(), {
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        outcome: outcomes[run.outcome],
        errorCode: run.errorCode,
        runner: run.runner,
      }),
    lastSuccessAt: run?.lastSucceededAt ?? null,
    nextRunAt: state.nextRunAt,
    failuresInARow: state.failuresInARow,
  });
}
