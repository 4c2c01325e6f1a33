import { Client } from 'pg';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

/** Every job of every subgraph, and its period in the test: 400 ms. */
const jobs = {
  identity: ['captcha-purge', 'sms-request-purge', 'oidc-record-purge', 'certificate-challenge-purge'],
  certificate: ['hold-release', 'crl-refresh'],
  ra: ['weekly-consultation-summary', 'suspension-review'],
} as const;
const periodMs = 400;
const env = {
  SCHEDULED_JOB_PERIODS: Object.values(jobs)
    .flat()
    .map((job) => `${job}=${periodMs / 1000}`)
    .join(','),
};

let replicas: TestPlatform[] = [];

afterAll(() => Promise.all(replicas.map((replica) => replica.stop())));

describe('scheduled jobs on two replicas of the whole platform over one database (issue 13 item 2)', () => {
  it('runs every job of every subgraph once per period, records each run, and reports it to administrators and in metrics', async () => {
    const first = await startTestPlatform(env);
    replicas = [first, await startTestPlatform(env, { databaseUrl: first.databaseUrl })];
    // Both "replicas" share this process: while the second started, the first's timers could not fire.
    const bothUp = Date.now();
    await new Promise((resolve) => setTimeout(resolve, periodMs * 8));

    const admin = await first.token({ subject: 'admin-1', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const listed = await graphql<{ certificateScheduledJobs: { name: string; lastRun: { outcome: string } | null }[] }>(
      first.gateway.url,
      '{ certificateScheduledJobs { name lastRun { outcome } } }',
      { token: admin },
    );
    expect(listed.body.errors).toBeUndefined();
    for (const job of listed.body.data?.certificateScheduledJobs ?? []) {
      expect(['SUCCEEDED', 'RUNNING']).toContain(job.lastRun?.outcome);
    }
    const metrics = await (await fetch(first.certificate.metricsUrl)).text();
    expect(metrics).toMatch(/tessera_job_last_success_timestamp_seconds\{job="crl-refresh",service="certificate"\} \d/);

    await Promise.all(replicas.map((replica) => replica.stop()));
    const replicaLogs = replicas.map((replica) => replica.logs);
    replicas = [];

    const db = new Client({ connectionString: first.databaseUrl });
    await db.connect();
    try {
      for (const [service, names] of Object.entries(jobs)) {
        for (const job of names) {
          const { rows } = await db.query<{ period_ms: string; outcome: string }>(
            `select (extract(epoch from period_start) * 1000)::bigint as period_ms, outcome from "${service}"."job_run" where job = $1 order by period_start`,
            [job],
          );
          // Once both were up, a run in every period: none skipped (and none twice: the claim's key).
          const periods = rows.map((row) => Number(row.period_ms)).filter((start) => start >= bothUp);
          expect({ job, periods: periods.length >= 6 }).toEqual({ job, periods: true });
          for (let i = 1; i < periods.length; i++) {
            expect({ job, gap: (periods[i] ?? 0) - (periods[i - 1] ?? 0) }).toEqual({ job, gap: periodMs });
          }
          expect(new Set(rows.map((row) => row.outcome))).toEqual(new Set(['succeeded']));
          const ran = replicaLogs
            .flatMap((logs) => logs.of(service))
            .filter((line) => line.entry.message === 'scheduled job done' && line.entry.job === job);
          expect({ job, ran: ran.length }).toEqual({ job, ran: rows.length });
        }
      }
    } finally {
      await db.end();
    }
  });
});
