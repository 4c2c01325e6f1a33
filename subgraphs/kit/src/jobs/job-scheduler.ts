import { hostname } from 'node:os';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';
import { failureCode } from '../errors/format-error';
import type { Logger } from '../log/logger';
import { checkJobDefinitions, type JobDefinition } from './job-definition';
import { JobMetrics } from './job-metrics';
import { type ClaimedPeriod, type JobRunRow, JobRuns } from './job-runs';

/** A replica looks for an unclaimed period at least this often, whatever the job's period. */
const longestTickMs = 60_000;

export interface JobSchedulerOptions {
  orm: MikroORM;
  /** The subgraph's Postgres schema, which holds its `job_run` table. */
  schema: string;
  jobs: readonly JobDefinition[];
  log: Logger;
  /** The process's Prometheus registry (absent in tests that run a module without a server). */
  registry?: Registry;
  /** Names this replica in `job_run` (defaults to `host:pid`). */
  runner?: string;
  /** How often this replica tries to claim each job's period; defaults to a quarter period, at most a minute. */
  tickMs?: (job: JobDefinition) => number;
}

/** What administrators see of one job: its declaration and its latest run in the cluster. */
export interface ScheduledJobState {
  name: string;
  periodMs: number;
  lastRun: JobRunRow | null;
  /** Start of the next period, when some replica will run the job. */
  nextRunAt: Date;
  failuresInARow: number;
}

/** Schedulers per ORM instance: the schema is built once per process while tests run several platforms. */
const byOrm = new WeakMap<object, JobScheduler>();

/**
 * Runs a subgraph's scheduled jobs once per period across all its replicas. Every replica ticks
 * (a few times per period) and tries to claim the current period in `job_run`; the one whose
 * insert lands runs the job and records how it ended. A failing job is logged and recorded, never
 * thrown; `stop()` ends the ticks and waits for the runs in progress.
 */
export class JobScheduler {
  readonly jobs: readonly JobDefinition[];
  private readonly runs: JobRuns;
  private readonly metrics?: JobMetrics;
  private readonly runner: string;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: JobSchedulerOptions) {
    checkJobDefinitions(options.jobs);
    this.jobs = options.jobs;
    this.runner = options.runner ?? `${hostname()}:${process.pid}`;
    this.runs = new JobRuns(options.orm, options.schema);
    if (options.registry && options.jobs.length > 0) {
      this.metrics = new JobMetrics(options.registry, () => this.runs.latest());
    }
    byOrm.set(options.orm.config, this);
  }

  /** The scheduler of the subgraph whose database `em` belongs to (for resolvers). */
  static of(em: { config: object }): JobScheduler {
    const scheduler = byOrm.get(em.config);
    if (!scheduler) throw new Error('no job scheduler is set up for this database');
    return scheduler;
  }

  start(): void {
    this.stopped = false;
    for (const job of this.jobs) {
      const tickMs = this.options.tickMs?.(job) ?? Math.min(Math.ceil(job.periodMs / 4), longestTickMs);
      const timer = setInterval(() => this.tick(job), tickMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all(this.running.values());
  }

  /** Every declared job with its latest run in the cluster, in declaration order. */
  async states(): Promise<ScheduledJobState[]> {
    const latest = new Map((await this.runs.latest()).map((row) => [row.job, row]));
    const now = Date.now();
    return this.jobs.map((job) => {
      const lastRun = latest.get(job.name) ?? null;
      return {
        name: job.name,
        periodMs: job.periodMs,
        lastRun,
        nextRunAt: new Date((Math.floor(now / job.periodMs) + 1) * job.periodMs),
        failuresInARow: lastRun?.failuresInARow ?? 0,
      };
    });
  }

  /** Claims the job's current period and runs it, unless this replica is still running the job. */
  private tick(job: JobDefinition): void {
    if (this.stopped || this.running.has(job.name)) return;
    const run = this.claimAndRun(job).finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
  }

  private async claimAndRun(job: JobDefinition): Promise<void> {
    const log = this.options.log.child({ job: job.name });
    let claimed: ClaimedPeriod | undefined;
    try {
      claimed = await this.runs.claim(job.name, job.periodMs, this.runner, Math.max(2 * job.periodMs, longestTickMs));
    } catch (error) {
      log.error({ err: error }, 'claiming the period of a scheduled job failed');
      return;
    }
    if (!claimed) return;
    let failure: unknown;
    const started = Date.now();
    try {
      await job.run();
    } catch (error) {
      failure = error ?? new Error('the job failed without an error');
    }
    const outcome = failure === undefined ? 'succeeded' : 'failed';
    this.metrics?.runs.inc({ job: job.name, outcome });
    if (failure !== undefined) log.error({ err: failure }, 'scheduled job failed');
    else log.info({ durationMs: Date.now() - started }, 'scheduled job done');
    try {
      await this.runs.finish(
        job.name,
        job.periodMs,
        claimed,
        outcome,
        failure === undefined
          ? undefined
          : {
              message: failure instanceof Error ? failure.message : String(failure),
              code: failureCode(failure),
            },
      );
    } catch (error) {
      log.error({ err: error }, 'recording the run of a scheduled job failed');
    }
  }
}
