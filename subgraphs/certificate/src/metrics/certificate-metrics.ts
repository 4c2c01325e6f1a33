import type { EntityManager } from '@mikro-orm/postgresql';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { OcspAnswerStatus } from '../ocsp/ocsp-responder-service';

interface CurrentCrl {
  authority: string;
  this_update: Date;
  next_update: Date;
}

/**
 * The CA's domain metrics, in the subgraph's registry: certificates issued by this process (by kind
 * and usage), OCSP answers by status, and, read from the database at scrape time, the age of each
 * CA's current CRL and the seconds left to its nextUpdate (an alert fires well before it reaches 0).
 */
export class CertificateMetrics {
  readonly issued: Counter<'kind' | 'usage'>;
  private readonly ocspAnswers: Counter<'status'>;

  constructor(registry: Registry, em: EntityManager, clock: () => Date = () => new Date()) {
    this.issued = new Counter({
      name: 'tessera_certificates_issued_total',
      help: 'Subscriber certificates issued, by kind and usage',
      labelNames: ['kind', 'usage'],
      registers: [registry],
    });
    this.ocspAnswers = new Counter({
      name: 'tessera_ocsp_answers_total',
      help: 'OCSP answers, by certificate status (or why no status was given)',
      labelNames: ['status'],
      registers: [registry],
    });
    // A retired issuing CA stops publishing once its last certificate has expired: its CRL is no longer watched.
    // Both CRL gauges are collected together at each scrape: they share one query while it runs.
    let reading: Promise<CurrentCrl[]> | undefined;
    const currentCrls = (): Promise<CurrentCrl[]> => {
      reading ??= readCurrentCrls().finally(() => {
        reading = undefined;
      });
      return reading;
    };
    const readCurrentCrls = (): Promise<CurrentCrl[]> =>
      em.fork().execute(
        `select distinct on (c.authority_id) a.name as authority, c.this_update, c.next_update
           from "certificate"."crl" c join "certificate"."certificate_authority" a on a.id = c.authority_id
          where a.retired_at is null or exists (select 1 from "certificate"."certificate" x
                where x.authority_id = a.id and x.issued_at is not null and x.not_after > now())
          order by c.authority_id, c.number desc`,
      );
    new Gauge({
      name: 'tessera_crl_age_seconds',
      help: "Seconds since the thisUpdate of each CA's current CRL",
      labelNames: ['authority'],
      registers: [registry],
      async collect() {
        this.reset();
        const now = clock().getTime();
        for (const crl of await currentCrls()) {
          this.set({ authority: crl.authority }, (now - new Date(crl.this_update).getTime()) / 1000);
        }
      },
    });
    new Gauge({
      name: 'tessera_crl_next_update_seconds',
      help: "Seconds until the nextUpdate of each CA's current CRL (negative: relying parties hold a stale CRL)",
      labelNames: ['authority'],
      registers: [registry],
      async collect() {
        this.reset();
        const now = clock().getTime();
        for (const crl of await currentCrls()) {
          this.set({ authority: crl.authority }, (new Date(crl.next_update).getTime() - now) / 1000);
        }
      },
    });
  }

  /** Counts an OCSP answer: one per certificate asked about. */
  ocspAnswered(statuses: OcspAnswerStatus[]): void {
    for (const status of statuses) this.ocspAnswers.inc({ status });
  }
}
