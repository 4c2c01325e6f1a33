import type { EntityManager } from '@mikro-orm/postgresql';
import { Counter, Gauge, type Registry } from 'prom-client';

export type SmsOutcome = 'sent' | 'retry' | 'failed';
export type LogoutOutcome = 'delivered' | 'retry' | 'abandoned';

/** Counts of rows in a state, read at scrape time with one cheap query. */
function backlogGauge(
  registry: Registry,
  name: string,
  help: string,
  query: () => Promise<{ state: string; count: string }[]>,
  states: string[],
) {
  return new Gauge({
    name,
    help,
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const rows = await query();
      for (const state of states) this.set({ state }, Number(rows.find((r) => r.state === state)?.count ?? 0));
    },
  });
}

/**
 * Identity's domain metrics, in the subgraph's registry. Counters are this process's: sign-in
 * attempts by method and outcome (`success`, or the error code it was refused with, such as
 * `invalid_credentials` or `sign_in_locked`), SMS delivery attempts and back-channel logout
 * deliveries by outcome. Gauges are read from the database at scrape time: the SMS outbox and the
 * back-channel logouts waiting (pending) or given up, and the logins locked now.
 */
export class IdentityMetrics {
  private readonly signIns: Counter<'method' | 'outcome'>;
  private readonly sms: Counter<'outcome'>;
  private readonly logouts: Counter<'outcome'>;

  constructor(registry: Registry, em: EntityManager, clock: () => Date = () => new Date()) {
    this.signIns = new Counter({
      name: 'tessera_sign_ins_total',
      help: 'Password sign-in attempts, by method and outcome (success or the refusal code)',
      labelNames: ['method', 'outcome'],
      registers: [registry],
    });
    this.sms = new Counter({
      name: 'tessera_sms_deliveries_total',
      help: 'Attempts to send an SMS of the outbox, by outcome (sent, retry, failed: given up)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.logouts = new Counter({
      name: 'tessera_backchannel_logout_deliveries_total',
      help: 'Attempts to deliver a back-channel logout to a business system, by outcome (delivered, retry, abandoned)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    backlogGauge(
      registry,
      'tessera_sms_outbox_messages',
      'SMS outbox messages pending (to be sent) and failed (given up)',
      () =>
        em
          .fork()
          .execute(
            `select state, count(*) as count from "identity"."sms_message" where state in ('pending', 'failed') group by state`,
          ),
      ['pending', 'failed'],
    );
    backlogGauge(
      registry,
      'tessera_backchannel_logouts',
      'Back-channel logouts pending (to be delivered, retrying) and abandoned (given up, an administrator may retry)',
      () =>
        em.fork().execute(
          `select case when abandoned_at is null then 'pending' else 'abandoned' end as state, count(*) as count
               from "identity"."backchannel_logout" where delivered_at is null group by 1`,
        ),
      ['pending', 'abandoned'],
    );
    new Gauge({
      name: 'tessera_sign_in_locked_logins',
      help: 'Login names locked now after repeated failed sign-ins',
      registers: [registry],
      async collect() {
        const rows: { count: string }[] = await em
          .fork()
          .execute(`select count(*) as count from "identity"."sign_in_throttle" where locked_until > ?`, [clock()]);
        this.set(Number(rows[0]?.count ?? 0));
      },
    });
  }

  signIn(method: string, outcome: string): void {
    this.signIns.inc({ method, outcome: outcome.toLowerCase() });
  }

  smsDelivery(outcome: SmsOutcome): void {
    this.sms.inc({ outcome });
  }

  logoutDelivery(outcome: LogoutOutcome): void {
    this.logouts.inc({ outcome });
  }
}
