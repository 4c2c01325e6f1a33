/**
 * Calendar dates as the bureau lives them (China Standard Time, UTC+8, no daylight saving), so
 * a record made at 01:00 on a Saturday in Taiyuan is a Saturday record whatever the server's zone.
 */
const offsetMs = 8 * 60 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

/** A date as `YYYY-MM-DD`. */
export type IsoDate = string;

/** The local calendar date of an instant. */
export function localDateOf(instant: Date): IsoDate {
  return new Date(instant.getTime() + offsetMs).toISOString().slice(0, 10);
}

/** The local time of day of an instant, to the minute (`HH:MM`). */
export function localTimeOf(instant: Date): string {
  return new Date(instant.getTime() + offsetMs).toISOString().slice(11, 16);
}

/** The instant a local date begins (00:00 China time). */
export function startOfLocalDate(date: IsoDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - offsetMs);
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
