import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 13: scheduled jobs run once per period across the replicas; the replica whose insert of
 * (job, period start) lands runs the period and records how it ended (the kit's `JobRun`).
 */
export class JobRuns extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "identity"."job_run" ("job" text not null, "period_start" timestamptz not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "outcome" text check ("outcome" in ('running', 'succeeded', 'failed')) not null, "error" text null, "error_code" text null, "next_due_at" timestamptz not null, "runner" text not null, constraint "job_run_pkey" primary key ("job", "period_start"));`,
    );
  }
}
