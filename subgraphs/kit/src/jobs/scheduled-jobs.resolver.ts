import { Ctx, Query, Resolver } from 'type-graphql';
import type { GraphContext } from '../federation/context';
import type { IRules } from '../shield/rules';
import { allow, staffWith } from '../shield/rules';
import { JobScheduler } from './job-scheduler';
import { ScheduledJob, scheduledJobView } from './scheduled-job.type';

/**
 * The root field `<subgraph>ScheduledJobs` (one name per subgraph, so the supergraph composes):
 * the subgraph's jobs with their latest run, for administrators and auditors.
 */
export function scheduledJobsResolver(subgraph: string) {
  @Resolver()
  class ScheduledJobsResolver {
    @Query(() => [ScheduledJob], {
      name: `${subgraph}ScheduledJobs`,
      description: `The ${subgraph} subgraph's scheduled jobs: period, latest run, next run, failures in a row.`,
    })
    async scheduledJobs(@Ctx() ctx: GraphContext): Promise<ScheduledJob[]> {
      return (await JobScheduler.of(ctx.em).states()).map(scheduledJobView);
    }
  }
  return ScheduledJobsResolver;
}

/** Shield rules of `scheduledJobsResolver(subgraph)`, to merge into the subgraph's. */
export function scheduledJobsPermissions(subgraph: string): IRules {
  return {
    Query: { [`${subgraph}ScheduledJobs`]: staffWith('ADMINISTRATOR', 'AUDITOR') },
    ScheduledJob: allow,
    ScheduledJobRun: allow,
  };
}
