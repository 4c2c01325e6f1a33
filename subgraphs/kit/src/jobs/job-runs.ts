import type { MikroORM } from '@mikro-orm/postgresql';
import type { JobRunOutcome } from './job-run.entity';

/** How many runs of each job the table keeps (older ones are removed as new ones finish). */
export const keptRunsPerJob = 100;

/** How many periods back a missed one is still run (beyond, after an outage, the record shows the gap). */
export const catchUpPeriods = 3;

/** The longest failure message kept in the table. */
const longestError = 2_000;

export interface JobRunRow {
  job: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: JobRunOutcome;
  errorCode: string | null;
  nextDueAt: Date;
  runner: string;
  /** When the latest run that succeeded started (among the kept ones). */
  lastSucceededAt: Date | null;
  /** Failed runs since the last one that succeeded (at most `keptRunsPerJob`). */
  failuresInARow: number;
}

/** A claimed period: its start in milliseconds since the epoch, as the database computed it. */
export interface ClaimedPeriod {
  periodStartMs: number;
}

/**
 * The SQL of one schema's `job_run` table. Periods are computed from the database's clock, not the
 * replica's, so replicas whose clocks disagree still name the same period; the insert of (job,
 * period start) either claims it or finds it claimed, atomically.
 */
export class JobRuns {
  private readonly table: string;

  constructor(
    private readonly orm: MikroORM,
    schema: string,
  ) {
    this.table = `"${schema}"."job_run"`;
  }

  /**
   * Claims the next period of `job` for `runner`: the one after the latest claimed, when that is one of
   * the last `catchUpPeriods` (a run that outlasted its period, or a tick that came late, leaves no gap:
   * the missed period runs next, then the current one), else the current period. Nothing when that is
   * claimed already or a run of the job (begun less than `staleAfterMs` ago) is still going: two runs of
   * one job never overlap, but a replica killed mid-run does not hold the job for ever.
   */
  async claim(job: string, periodMs: number, runner: string, staleAfterMs: number): Promise<ClaimedPeriod | undefined> {
    const rows: { period_start_ms: string }[] = await this.orm.em.getConnection().execute(
      `with now as (
         select (floor(extract(epoch from clock_timestamp()) * 1000 / ?::bigint) * ?::bigint)::bigint as current_ms
       ), latest as (
         select (extract(epoch from max("period_start")) * 1000)::bigint as latest_ms from ${this.table} where "job" = ?
       ), period as (
         select greatest(current_ms - ?::bigint * ?::bigint, coalesce(latest_ms + ?::bigint, current_ms)) as start_ms, current_ms
         from now, latest
       )
       insert into ${this.table} ("job", "period_start", "started_at", "outcome", "next_due_at", "runner")
       select ?, to_timestamp(start_ms / 1000.0), clock_timestamp(), 'running', to_timestamp((start_ms + ?::bigint) / 1000.0), ?
       from period
       where start_ms <= current_ms and not exists (
         select 1 from ${this.table} r
         where r."job" = ? and r."outcome" = 'running'
           and r."started_at" > clock_timestamp() - make_interval(secs => ?::double precision / 1000)
       )
       on conflict ("job", "period_start") do nothing
       returning (extract(epoch from "period_start") * 1000)::bigint as period_start_ms`,
      [periodMs, periodMs, job, catchUpPeriods, periodMs, periodMs, job, periodMs, runner, job, staleAfterMs],
    );
    return rows[0] && { periodStartMs: Number(rows[0].period_start_ms) };
  }

  /** Records how the claimed run ended, and forgets the job's runs older than the kept ones. */
  async finish(
    job: string,
    periodMs: number,
    claimed: ClaimedPeriod,
    outcome: Exclude<JobRunOutcome, 'running'>,
    failure?: { message: string; code: string },
  ): Promise<void> {
    const connection = this.orm.em.getConnection();
    await connection.execute(
      `update ${this.table} set "finished_at" = clock_timestamp(), "outcome" = ?, "error" = ?, "error_code" = ?
       where "job" = ? and "period_start" = to_timestamp(?::bigint / 1000.0)`,
      [outcome, failure?.message.slice(0, longestError) ?? null, failure?.code ?? null, job, claimed.periodStartMs],
    );
    await connection.execute(
      `delete from ${this.table} where "job" = ? and "period_start" < to_timestamp(?::bigint / 1000.0)`,
      [job, claimed.periodStartMs - keptRunsPerJob * periodMs],
    );
  }

  /** The latest run of every job that has run, with its failures in a row. */
  async latest(): Promise<JobRunRow[]> {
    const rows: {
      job: string;
      started_at: Date;
      finished_at: Date | null;
      outcome: JobRunOutcome;
      error_code: string | null;
      next_due_at: Date;
      runner: string;
      last_succeeded_at: Date | null;
      failures_in_a_row: number;
    }[] = await this.orm.em.getConnection().execute(
      `with latest as (
         select distinct on ("job") * from ${this.table} order by "job", "period_start" desc
       ), succeeded as (
         select "job", max("period_start") as "period_start", max("started_at") as "started_at"
         from ${this.table} where "outcome" = 'succeeded' group by "job"
       )
       select r."job", r."started_at", r."finished_at", r."outcome", r."error_code", r."next_due_at", r."runner",
         s."started_at" as last_succeeded_at,
         (select count(*) from ${this.table} f
          where f."job" = r."job" and f."outcome" = 'failed'
            and f."period_start" > coalesce(s."period_start", '-infinity'))::int as failures_in_a_row
       from latest r left join succeeded s on s."job" = r."job"`,
    );
    return rows.map((row) => ({
      job: row.job,
      startedAt: new Date(row.started_at),
      finishedAt: row.finished_at && new Date(row.finished_at),
      outcome: row.outcome,
      errorCode: row.error_code,
      nextDueAt: new Date(row.next_due_at),
      runner: row.runner,
      lastSucceededAt: row.last_succeeded_at && new Date(row.last_succeeded_at),
      failuresInARow: row.failures_in_a_row,
    }));
  }
}
