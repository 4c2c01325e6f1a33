/**
 * Calendar dates as the bureau lives them, in its time zone (`BUREAU_TIME_ZONE`, the clients' zone too),
 * so a record made at 01:00 on a Saturday at the bureau is a Saturday record whatever the server's zone.
 * The subgraph sets `bureauTime.zone` once at start; each function also takes a zone for tests.
 */
export const bureauTime: { zone: string } = { zone: 'Asia/Shanghai' };

const dayMs = 24 * 60 * 60 * 1000;

/** A date as `YYYY-MM-DD`. */
export type IsoDate = string;

type WallClock = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of an instant in a zone, to the second. */
function wallClockOf(instant: Date, zone: string): WallClock {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value])) as WallClock;
}

/** How far the zone's wall clock is ahead of UTC at an instant (negative west of Greenwich). */
function offsetAt(instant: Date, zone: string): number {
  const c = wallClockOf(instant, zone);
  const wall = Date.UTC(+c.year, +c.month - 1, +c.day, +c.hour, +c.minute, +c.second);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The local calendar date of an instant. */
export function localDateOf(instant: Date, zone = bureauTime.zone): IsoDate {
  const c = wallClockOf(instant, zone);
  return `${c.year}-${c.month}-${c.day}`;
}

/** The local time of day of an instant, to the minute (`HH:MM`). */
export function localTimeOf(instant: Date, zone = bureauTime.zone): string {
  const c = wallClockOf(instant, zone);
  return `${c.hour}:${c.minute}`;
}

/**
 * The instant a local date begins (00:00 in the zone). The offset is taken at the answer, not at
 * the UTC midnight guessed first, so a date on which daylight saving starts or ends comes out right.
 */
export function startOfLocalDate(date: IsoDate, zone = bureauTime.zone): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  const first = midnightUtc - offsetAt(new Date(midnightUtc), zone);
  return new Date(midnightUtc - offsetAt(new Date(first), zone));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}
