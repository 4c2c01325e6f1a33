import { Counter, Gauge, type Registry } from 'prom-client';
import type { JobRunRow } from './job-runs';

/**
 * Prometheus metrics of the scheduled jobs, in the process's registry. Runs are counted by the
 * replica that ran them (sum them across replicas); the last success and the failures in a row
 * are read from the `job_run` table at each scrape, so every replica reports the cluster's state.
 */
export class JobMetrics {
  readonly runs: Counter<'job' | 'outcome'>;

  constructor(registry: Registry, latest: () => Promise<JobRunRow[]>) {
    this.runs = new Counter({
      name: 'tessera_job_runs_total',
      help: 'Runs of scheduled jobs this replica made, by job and outcome (succeeded, failed)',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    });
    let scrape: Promise<JobRunRow[]> | undefined;
    // Both gauges are filled by one query per scrape.
    const rows = () => {
      scrape ??= latest()
        .catch(() => [])
        .finally(() => {
          setImmediate(() => {
            scrape = undefined;
          });
        });
      return scrape;
    };
    new Gauge({
      name: 'tessera_job_last_success_timestamp_seconds',
      help: 'When the last successful run of each scheduled job started (Unix seconds), cluster-wide',
      labelNames: ['job'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await rows()) {
          if (row.lastSucceededAt) this.set({ job: row.job }, row.lastSucceededAt.getTime() / 1000);
        }
      },
    });
    new Gauge({
      name: 'tessera_job_failures_in_a_row',
      help: 'Failed runs of each scheduled job since its last success, cluster-wide',
      labelNames: ['job'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await rows()) this.set({ job: row.job }, row.failuresInARow);
      },
    });
  }
}
