/** A name for metrics labels, logs and the `job_run` table: lower case words joined by hyphens. */
const jobName = /^[a-z][a-z0-9-]{0,62}$/;

/** The shortest period a job may declare (tests use a few hundred milliseconds). */
export const shortestJobPeriodMs = 50;

/**
 * Scheduled work of a subgraph: done once per period across every replica (the period is claimed
 * in the subgraph's `job_run` table), never once per process.
 */
export interface JobDefinition {
  /** Stable name (it keys the job's runs): lower case words joined by hyphens. */
  name: string;
  /** Periods are aligned on the Unix epoch in the database's clock: `floor(now / periodMs)`. */
  periodMs: number;
  /** One run. A throw is recorded as a failed run and logged; the next period runs again. */
  run(): Promise<unknown>;
}

/** Refuses a job list a scheduler cannot keep apart: bad or repeated names, too short periods. */
export function checkJobDefinitions(jobs: readonly JobDefinition[]): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (!jobName.test(job.name)) throw new Error(`job name "${job.name}" is not lower case words joined by hyphens`);
    if (seen.has(job.name)) throw new Error(`job "${job.name}" is declared twice`);
    seen.add(job.name);
    if (!Number.isInteger(job.periodMs) || job.periodMs < shortestJobPeriodMs) {
      throw new Error(`job "${job.name}" needs a period of at least ${shortestJobPeriodMs} whole milliseconds`);
    }
  }
}

/** The jobs with the periods configured for them (`SCHEDULED_JOB_PERIODS`) instead of their declared ones. */
export function withConfiguredPeriods(
  jobs: readonly JobDefinition[],
  periods: Record<string, number>,
): JobDefinition[] {
  return jobs.map((job) => {
    const periodMs = periods[job.name];
    return periodMs === undefined ? job : { ...job, periodMs };
  });
}
