import type { EntityManager } from '@mikro-orm/postgresql';
import type { CertificateKind } from '../certificates/certificate.entity';
import { maximumHoldMonths } from '../revocation/hold-release-job';

/** The horizons the dashboards look ahead (issue 17 item 9). */
export const dashboardHorizonsDays = [30, 60, 90] as const;

/** The horizons as a PostgreSQL array literal (knex would spread a JavaScript array into a list). */
const horizons = `{${dashboardHorizonsDays.join(',')}}`;

export interface ExpiringCertificates {
  /** Certificates whose validity ends within this many days from now. */
  withinDays: number;
  kind: CertificateKind;
  count: number;
}

export interface SuspensionsNearingLimit {
  /** Suspensions whose six months (RA-5) run out within this many days from now. */
  withinDays: number;
  count: number;
}

/**
 * The certificate subgraph's dashboard figures, counted by PostgreSQL. A subscriber's certificate is
 * counted once: by its signing certificate (the encryption half of a dual pair ends with it).
 */
export class CertificateStatistics {
  constructor(
    private readonly em: EntityManager,
    private readonly now: Date,
  ) {}

  /** Issued, unrevoked and unsuspended certificates ending within 30, 60 and 90 days, per kind. */
  async expiring(): Promise<ExpiringCertificates[]> {
    const rows = await this.em.getConnection().execute<{ within_days: number; kind: CertificateKind; count: number }[]>(
      `select h.days as within_days, c.kind, count(c.id)::int as count
         from unnest(?::int[]) as h(days)
         join "certificate"."certificate" c
           on c.not_after > ? and c.not_after <= ?::timestamptz + make_interval(days => h.days)
        where c.usage = 'signing' and c.issued_at is not null and c.revoked_at is null
        group by 1, 2 order by 1, 2`,
      [horizons, this.now, this.now],
    );
    return rows.map((r) => ({ withinDays: r.within_days, kind: r.kind, count: r.count }));
  }

  /** Current suspensions whose six-month limit (RA-5) falls within 30, 60 and 90 days. */
  async suspensionsNearingLimit(): Promise<SuspensionsNearingLimit[]> {
    const rows = await this.em.getConnection().execute<{ within_days: number; count: number }[]>(
      `select h.days as within_days, count(c.id)::int as count
         from unnest(?::int[]) as h(days)
         left join "certificate"."certificate" c
           on c.usage = 'signing' and c.revocation_reason = 'certificateHold'
          and c.revoked_at + make_interval(months => ?) > ?
          and c.revoked_at + make_interval(months => ?) <= ?::timestamptz + make_interval(days => h.days)
        group by 1 order by 1`,
      [horizons, maximumHoldMonths, this.now, maximumHoldMonths, this.now],
    );
    return rows.map((r) => ({ withinDays: r.within_days, count: r.count }));
  }
}
