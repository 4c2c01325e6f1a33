import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import type { Clock } from './clock';
import { Consultation } from './consultation.entity';
import {
  type ConsultationCategory,
  consultationCategories,
  type HandlerRole,
  handlerRoles,
} from './consultation-routing';
import { ConsultationWeeklySummary } from './consultation-weekly-summary.entity';
import { addDays, type IsoDate, isIsoDate, localDateOf, startOfLocalDate, weekdayOf } from './local-date';

const friday = 5;

/** The seven days up to and including a Friday: Saturday 00:00 to the end of Friday, China time. */
function weekEndingOn(weekEnding: IsoDate): { from: Date; to: Date } {
  if (!isIsoDate(weekEnding) || weekdayOf(weekEnding) !== friday) throw new DomainError('WEEK_MUST_END_ON_FRIDAY');
  return { from: startOfLocalDate(addDays(weekEnding, -6)), to: startOfLocalDate(addDays(weekEnding, 1)) };
}

/** The latest Friday on or before the local date of `instant`. */
export function lastFridayOn(instant: Date): IsoDate {
  const today = localDateOf(instant);
  return addDays(today, -((weekdayOf(today) - friday + 7) % 7));
}

export interface WeeklySummaryFigures {
  weekEnding: IsoDate;
  total: number;
  answered: number;
  byCategory: Record<ConsultationCategory, number>;
  byHandlerRole: Record<HandlerRole, number>;
}

function countEach<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** The week's consultation records summarised for the department manager (CS-2). */
export class ConsultationWeeklySummaries {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** The figures for any week, computed now from the records. */
  async compute(weekEnding: IsoDate): Promise<WeeklySummaryFigures> {
    const { from, to } = weekEndingOn(weekEnding);
    const records = await this.em.find(
      Consultation,
      { receivedAt: { $gte: from, $lt: to } },
      { fields: ['category', 'handlerRole', 'answeredAt'] },
    );
    const byCategory = countEach(consultationCategories);
    const byHandlerRole = countEach(handlerRoles);
    for (const record of records) {
      byCategory[record.category] += 1;
      byHandlerRole[record.handlerRole] += 1;
    }
    const total = records.length;
    const answered = records.filter((r) => r.answeredAt).length;
    return { weekEnding, total, answered, byCategory, byHandlerRole };
  }

  /**
   * Computes the week's summary and stores it, replacing an earlier one of the same week in one
   * statement, so two runs at once leave one row.
   */
  async store(weekEnding: IsoDate): Promise<ConsultationWeeklySummary> {
    const summary = Object.assign(new ConsultationWeeklySummary(), await this.compute(weekEnding), {
      generatedAt: this.clock.now(),
    });
    return this.em.upsert(ConsultationWeeklySummary, summary, {
      onConflictFields: ['weekEnding'],
      onConflictExcludeFields: ['id'],
    });
  }

  stored(limit = 52): Promise<ConsultationWeeklySummary[]> {
    return this.em.find(ConsultationWeeklySummary, {}, { orderBy: { weekEnding: 'desc' }, limit });
  }
}

/**
 * The Friday job (CS-2): stores the summary of the week ending on the latest Friday. Safe to run
 * at any time and any number of times: a later run on the same Friday refreshes that week's
 * summary with the records taken since, and a run on a weekend completes it.
 */
export class ConsultationWeeklySummaryJob {
  constructor(
    /** The application's root EntityManager: each run works in its own fork. */
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<ConsultationWeeklySummary> {
    return new ConsultationWeeklySummaries(this.em.fork(), this.clock).store(lastFridayOn(this.clock.now()));
  }
}
