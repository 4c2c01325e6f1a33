import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Registry } from 'prom-client';
import { DomainError } from '../errors/domain-error';
import { createLogger } from '../log/logger';
import { openDatabase } from '../orm/database';
import { createTestDatabase } from '../testing/test-database';
import type { JobDefinition } from './job-definition';
import { JobRun } from './job-run.entity';
import { JobScheduler } from './job-scheduler';

/** The same table every subgraph with jobs creates in its own schema. */
class CreateJobRun extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "jobs_test"."job_run" ("job" text not null, "period_start" timestamptz not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "outcome" text check ("outcome" in ('running', 'succeeded', 'failed')) not null, "error" text null, "error_code" text null, "next_due_at" timestamptz not null, "runner" text not null, constraint "job_run_pkey" primary key ("job", "period_start"));`,
    );
  }
}

const log = createLogger({ service: 'jobs-test', level: 'silent' });
const period = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduled jobs across replicas', () => {
  let replicas: MikroORM[];
  /** A replica by its index (the three are opened before every test). */
  const replica = (index: number): MikroORM => replicas[index] as MikroORM;

  beforeAll(async () => {
    const url = await createTestDatabase();
    // Three replicas: each its own ORM (its own pool) over one database.
    replicas = await Promise.all(
      [1, 2, 3].map(() =>
        openDatabase({
          url,
          schema: 'jobs_test',
          entities: [JobRun],
          migrations: [{ name: '0001-job-run', class: CreateJobRun }],
          log,
        }),
      ),
    );
  });
  afterAll(() => Promise.all(replicas.map((orm) => orm.close())));

  const rowsOf = async (job: string) =>
    (
      await replica(0)
        .em.fork()
        .find(JobRun, { job }, { orderBy: { periodStart: 'asc' } })
    ).map((row) => ({
      period: row.periodStart.getTime(),
      outcome: row.outcome,
      errorCode: row.errorCode,
      runner: row.runner,
      finished: row.finishedAt !== null,
      nextDue: row.nextDueAt.getTime(),
    }));

  it('runs a job once per period, whichever of three replicas claims it, and no more after stop', async () => {
    const runs: { replica: number; at: number }[] = [];
    const schedulers = replicas.map(
      (orm, index) =>
        new JobScheduler({
          orm,
          schema: 'jobs_test',
          runner: `replica-${index}`,
          log,
          // Different phases, as replicas started at different moments would tick.
          tickMs: () => 40 + 15 * index,
          jobs: [
            {
              name: 'count-once',
              periodMs: period,
              run: async () => {
                runs.push({ replica: index, at: Date.now() });
                await sleep(20);
              },
            },
          ],
        }),
    );
    for (const scheduler of schedulers) scheduler.start();
    await sleep(period * 7);
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    const rows = await rowsOf('count-once');

    expect(runs.length).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    // One row per period, periods consecutive: none skipped, none run twice.
    for (const [i, row] of rows.entries()) {
      expect(row.period % period).toBe(0);
      expect(row.nextDue).toBe(row.period + period);
      expect(row.outcome).toBe('succeeded');
      expect(row.finished).toBe(true);
      if (i > 0) expect(row.period - (rows[i - 1]?.period ?? 0)).toBe(period);
    }
    expect(new Set(rows.map((row) => row.runner)).size).toBeGreaterThan(1);

    await sleep(period * 2);
    expect(runs.length).toBe(rows.length);
  });

  it('records a throwing job as failed, logs it, keeps the process up and runs it again the next period', async () => {
    let calls = 0;
    const registry = new Registry();
    const job: JobDefinition = {
      name: 'fails-twice',
      periodMs: period,
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('the disk is full');
        if (calls === 2) throw new DomainError('FORBIDDEN');
      },
    };
    const scheduler = new JobScheduler({ orm: replica(1), schema: 'jobs_test', log, registry, jobs: [job] });
    scheduler.start();
    const deadline = Date.now() + period * 10;
    while (calls < 2 && Date.now() < deadline) await sleep(20);
    await sleep(10);
    await scheduler.stop();

    const failing = (await scheduler.states())[0];
    expect(failing).toMatchObject({
      name: 'fails-twice',
      periodMs: period,
      failuresInARow: 2,
      lastRun: { outcome: 'failed', errorCode: 'FORBIDDEN', lastSucceededAt: null },
    });
    expect((failing?.nextRunAt.getTime() ?? 1) % period).toBe(0);

    scheduler.start();
    while (calls < 3 && Date.now() < deadline + period * 4) await sleep(20);
    await sleep(50);
    await scheduler.stop();

    const rows = await rowsOf('fails-twice');
    expect(rows.slice(0, 3).map((row) => [row.outcome, row.errorCode])).toEqual([
      ['failed', 'INTERNAL_SERVER_ERROR'],
      ['failed', 'FORBIDDEN'],
      ['succeeded', null],
    ]);
    expect((rows[1]?.period ?? 0) - (rows[0]?.period ?? 0)).toBe(period);
    const recovered = (await scheduler.states())[0];
    expect(recovered?.failuresInARow).toBe(0);
    expect(recovered?.lastRun?.lastSucceededAt).toBeInstanceOf(Date);

    const metrics = await registry.metrics();
    expect(metrics).toContain('tessera_job_runs_total{job="fails-twice",outcome="failed"} 2');
    expect(metrics).toMatch(/tessera_job_runs_total\{job="fails-twice",outcome="succeeded"\} [1-9]/);
    expect(metrics).toMatch(/tessera_job_last_success_timestamp_seconds\{job="fails-twice"\} \d+/);
    expect(metrics).toContain('tessera_job_failures_in_a_row{job="fails-twice"} 0');
  });

  it('records a statement that outran statement_timeout as SERVICE_TIMEOUT, as requests answer it', async () => {
    let calls = 0;
    const job: JobDefinition = {
      name: 'times-out',
      periodMs: period,
      run: async () => {
        calls += 1;
        await replica(2)
          .em.fork()
          .transactional(async (em) => {
            const connection = em.getConnection();
            await connection.execute('set local statement_timeout = 20', [], 'run', em.getTransactionContext());
            await connection.execute('select pg_sleep(1)', [], 'run', em.getTransactionContext());
          });
      },
    };
    const scheduler = new JobScheduler({ orm: replica(2), schema: 'jobs_test', log, jobs: [job] });
    scheduler.start();
    const deadline = Date.now() + period * 10;
    while (calls < 1 && Date.now() < deadline) await sleep(20);
    await sleep(100);
    await scheduler.stop();
    const [first] = await rowsOf('times-out');
    expect(first).toMatchObject({ outcome: 'failed', errorCode: 'SERVICE_TIMEOUT' });
  });

  it('never runs two runs of one job at once: a run longer than its period holds the next one back, and the periods it outlasted run next (no gap)', async () => {
    let active = 0;
    let overlapped = false;
    let runs = 0;
    const schedulers = replicas.map(
      (orm, index) =>
        new JobScheduler({
          orm,
          schema: 'jobs_test',
          runner: `replica-${index}`,
          log,
          jobs: [
            {
              name: 'slow',
              periodMs: period,
              run: async () => {
                runs += 1;
                active += 1;
                if (active > 1) overlapped = true;
                await sleep(period * 2);
                active -= 1;
              },
            },
          ],
        }),
    );
    for (const scheduler of schedulers) scheduler.start();
    await sleep(period * 6);
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    // stop() waited for the run in progress, which recorded its end.
    expect(active).toBe(0);
    expect(overlapped).toBe(false);
    expect(runs).toBeGreaterThanOrEqual(2);
    const rows = await rowsOf('slow');
    expect(rows.length).toBe(runs);
    expect(rows.every((row) => row.finished && row.outcome === 'succeeded')).toBe(true);
    for (const [i, row] of rows.entries()) {
      if (i > 0) expect(row.period - (rows[i - 1]?.period ?? 0)).toBe(period);
    }
  });

  it('refuses job lists it could not keep apart', () => {
    const run = async () => undefined;
    const make = (jobs: JobDefinition[]) => () => new JobScheduler({ orm: replica(0), schema: 'jobs_test', log, jobs });
    expect(make([{ name: 'Bad Name', periodMs: 1000, run }])).toThrow(/lower case/);
    expect(
      make([
        { name: 'twice', periodMs: 1000, run },
        { name: 'twice', periodMs: 1000, run },
      ]),
    ).toThrow(/twice/);
    expect(make([{ name: 'fast', periodMs: 10, run }])).toThrow(/at least/);
  });
});
