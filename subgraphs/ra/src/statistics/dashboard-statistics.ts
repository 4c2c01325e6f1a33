import type { EntityManager } from '@mikro-orm/postgresql';
import type { BusinessType } from '../applications/business-type';
import type { ConsultationCategory } from '../customer-service/consultation-routing';
import { addDays, bureauTime, localDateOf, startOfLocalDate } from '../customer-service/local-date';
import { type WorkflowEvent, workflowEvents } from '../workflow/workflow';

/** The operation-log entries that are steps of an application, as a PostgreSQL array literal (knex spreads arrays). */
const loggedSteps = `{${['submit', ...workflowEvents].join(',')}}`;

/** A calendar month as `YYYY-MM`, in the bureau's time zone. */
export type IsoMonth = string;

export interface ApplicationsInMonth {
  month: IsoMonth;
  businessType: BusinessType;
  /** The subscriber's region; null for an application with no subscriber yet. */
  region: string | null;
  count: number;
}

export interface StepDuration {
  step: WorkflowEvent;
  /** How many times the step was taken in the period. */
  count: number;
  /** Mean time from the application's previous step (its submission for the first) to this one. */
  averageSeconds: number;
}

export interface ConsultationsInWeek {
  /** The Friday the week ends on (CS-2). */
  weekEnding: string;
  category: ConsultationCategory;
  count: number;
  answered: number;
}

export interface SatisfactionInMonth {
  month: IsoMonth;
  surveys: number;
  /** Mean score (0–100) of the month's surveys (CS-6). */
  averageScore: number;
}

/** The first instant of the month `months - 1` months before the one `now` falls in, in `zone`. */
export function startOfMonths(now: Date, months: number, zone: string): Date {
  const today = localDateOf(now, zone);
  const first = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - months, 1));
  return startOfLocalDate(first.toISOString().slice(0, 10), zone);
}

/** The Saturday that begins the week (Saturday to Friday, CS-2) `weeks - 1` weeks before the one `now` falls in. */
export function startOfWeeks(now: Date, weeks: number, zone: string): Date {
  const today = localDateOf(now, zone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const saturday = addDays(today, -((weekday + 1) % 7));
  return startOfLocalDate(addDays(saturday, -7 * (weeks - 1)), zone);
}

/**
 * The dashboards' figures of the RA (issue 17 item 9): each one `group by` in PostgreSQL over the
 * period, with months and weeks cut in the bureau's time zone, never rows summed in JavaScript.
 */
export class DashboardStatistics {
  constructor(
    private readonly em: EntityManager,
    private readonly now: Date,
    private readonly zone = bureauTime.zone,
  ) {}

  /** Applications received per month, business type and region, over the last `months` months. */
  async applicationsPerMonth(months: number): Promise<ApplicationsInMonth[]> {
    const rows = await this.em
      .getConnection()
      .execute<{ month: string; business_type: BusinessType; region: string | null; count: number }[]>(
        `select to_char(a.created_at at time zone ?, 'YYYY-MM') as month, a.business_type, s.region, count(*)::int as count
         from "ra"."certificate_application" a left join "ra"."subscriber" s on s.id = a.subscriber_id
        where a.created_at >= ? and a.created_at <= ?
        group by 1, 2, 3 order by 1, 2, 3`,
        [this.zone, startOfMonths(this.now, months, this.zone), this.now],
      );
    return rows.map((r) => ({ month: r.month, businessType: r.business_type, region: r.region, count: r.count }));
  }

  /**
   * The mean time each workflow step took over the last `months` months: from the application's
   * previous entry in the operation log (RA-14) that was a step or its submission, to the step.
   */
  async stepDurations(months: number): Promise<StepDuration[]> {
    const rows = await this.em
      .getConnection()
      .execute<{ step: WorkflowEvent; count: number; average_seconds: number }[]>(
        `select step, count(*)::int as count, extract(epoch from avg(took))::float8 as average_seconds
         from (select operation as step, at - lag(at) over (partition by application_id order by sequence) as took, at
                 from "ra"."operation_log_entry"
                where application_id is not null and operation = any(?::text[])) steps
        where took is not null and step <> 'submit' and at >= ? and at <= ?
        group by step`,
        [loggedSteps, startOfMonths(this.now, months, this.zone), this.now],
      );
    const order = new Map<string, number>(workflowEvents.map((e, i) => [e, i]));
    return rows
      .map((r) => ({ step: r.step, count: r.count, averageSeconds: r.average_seconds }))
      .sort((a, b) => (order.get(a.step) ?? 0) - (order.get(b.step) ?? 0));
  }

  /** Consultations per Friday week (CS-2) and category, over the last `weeks` weeks. */
  async consultationsPerWeek(weeks: number): Promise<ConsultationsInWeek[]> {
    const rows = await this.em
      .getConnection()
      .execute<{ week_ending: string; category: ConsultationCategory; count: number; answered: number }[]>(
        `select to_char(local_date + ((12 - extract(isodow from local_date)::int) % 7), 'YYYY-MM-DD') as week_ending,
              category, count(*)::int as count, count(answered_at)::int as answered
         from (select (received_at at time zone ?)::date as local_date, category, answered_at
                 from "ra"."consultation" where received_at >= ? and received_at <= ?) c
        group by 1, 2 order by 1, 2`,
        [this.zone, startOfWeeks(this.now, weeks, this.zone), this.now],
      );
    return rows.map((r) => ({ weekEnding: r.week_ending, category: r.category, count: r.count, answered: r.answered }));
  }

  /** Satisfaction surveys and their mean score per month (CS-6), over the last `months` months. */
  async satisfactionPerMonth(months: number): Promise<SatisfactionInMonth[]> {
    const rows = await this.em.getConnection().execute<{ month: string; surveys: number; average_score: number }[]>(
      `select to_char(surveyed_at at time zone ?, 'YYYY-MM') as month, count(*)::int as surveys,
              avg(score)::float8 as average_score
         from "ra"."satisfaction_survey" where surveyed_at >= ? and surveyed_at <= ?
        group by 1 order by 1`,
      [this.zone, startOfMonths(this.now, months, this.zone), this.now],
    );
    return rows.map((r) => ({ month: r.month, surveys: r.surveys, averageScore: r.average_score }));
  }
}
