import type { EntityManager } from '@mikro-orm/postgresql';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { OutboxOutcome } from '../outbox/dispatcher';

/**
 * The RA's domain metrics, in the subgraph's registry: the outcome of each outbox delivery attempt
 * to the certificate subgraph (this process's), and, read from the database at scrape time, the
 * outbox backlog (messages pending, messages failed and waiting for an operator) and the age of the
 * oldest pending one.
 */
export class RaMetrics {
  private readonly deliveries: Counter<'outcome'>;

  constructor(registry: Registry, em: EntityManager, clock: () => Date = () => new Date()) {
    this.deliveries = new Counter({
      name: 'tessera_ra_outbox_deliveries_total',
      help: 'Attempts to deliver an RA outbox message to the certificate subgraph, by outcome (delivered, retry, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    new Gauge({
      name: 'tessera_ra_outbox_messages',
      help: 'RA outbox messages waiting: pending (to be delivered) and failed (refused, waiting for an operator)',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const rows: { state: string; count: string }[] = await em
          .fork()
          .execute(
            `select state, count(*) as count from "ra"."outbox_message" where state in ('pending', 'failed') group by state`,
          );
        for (const state of ['pending', 'failed']) {
          this.set({ state }, Number(rows.find((r) => r.state === state)?.count ?? 0));
        }
      },
    });
    new Gauge({
      name: 'tessera_ra_outbox_oldest_pending_seconds',
      help: 'Age of the oldest pending RA outbox message (0 when none is pending)',
      registers: [registry],
      async collect() {
        const rows: { created_at: Date | null }[] = await em
          .fork()
          .execute(`select min(created_at) as created_at from "ra"."outbox_message" where state = 'pending'`);
        const oldest = rows[0]?.created_at;
        this.set(oldest ? Math.max(0, (clock().getTime() - new Date(oldest).getTime()) / 1000) : 0);
      },
    });
  }

  delivery(outcome: OutboxOutcome): void {
    this.deliveries.inc({ outcome });
  }
}
