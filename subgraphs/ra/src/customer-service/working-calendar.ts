import { addDays, type IsoDate, localDateOf, startOfLocalDate, weekdayOf } from './local-date';

export interface WorkingCalendarOptions {
  /** Public holidays that fall on weekdays. */
  holidays?: Iterable<IsoDate>;
  /** Weekend days worked in exchange for a holiday (调休), which count as working days. */
  workingWeekends?: Iterable<IsoDate>;
}

/**
 * Which days count toward service promises (CS-4): Monday to Friday, minus holidays, plus the
 * weekend days the State Council schedules as working days around long holidays.
 */
export class WorkingCalendar {
  private readonly holidays: ReadonlySet<IsoDate>;
  private readonly workingWeekends: ReadonlySet<IsoDate>;

  constructor(options: WorkingCalendarOptions = {}) {
    this.holidays = new Set(options.holidays ?? []);
    this.workingWeekends = new Set(options.workingWeekends ?? []);
  }

  isWorkingDay(date: IsoDate): boolean {
    if (this.workingWeekends.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = weekdayOf(date);
    return weekday !== 0 && weekday !== 6;
  }

  /** The `count`-th working day after the date of `from` (the day itself never counts). */
  addWorkingDays(from: IsoDate, count: number): IsoDate {
    let date = from;
    for (let left = count; left > 0; ) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) left -= 1;
    }
    return date;
  }

  /** The instant a promise of `count` working days made at `from` runs out: the end of its last day. */
  deadlineAfter(from: Date, count: number): Date {
    return startOfLocalDate(addDays(this.addWorkingDays(localDateOf(from), count), 1));
  }
}
