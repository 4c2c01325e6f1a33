import { bureauTimeToIso, timeZone } from '@tessera/ui';

/** The parts of an instant on the bureau's wall clock (BUREAU_TIME_ZONE), zero-padded, 24-hour. */
function bureauClock(iso: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timeZone(),
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/**
 * A date-time of the graph as the desk shows it (issue 17 item 6): `2026-12-05 14:01` in the bureau's
 * time zone, the same compact form in both languages, with a no-break space so that a table cell
 * never folds it onto two lines; `—` when absent. `_language` keeps the callers' signature of
 * `@tessera/ui`'s long form, which the web client keeps.
 */
export function formatDateTime(iso: string | null | undefined, _language?: string): string {
  if (!iso) return '—';
  const { year, month, day, hour, minute } = bureauClock(iso);
  return `${year}-${month}-${day}\u00a0${hour}:${minute}`;
}

/** The calendar day of an instant at the bureau, `2026-12-05`; `—` when absent. */
export function formatDate(iso: string | null | undefined, _language?: string): string {
  if (!iso) return '—';
  const { year, month, day } = bureauClock(iso);
  return `${year}-${month}-${day}`;
}

/** Fen (0.01 yuan) as yuan, e.g. `¥120.00`. */
export function yuan(fen: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}

/** A `datetime-local` input value (the bureau's wall clock) as an ISO instant. */
export function localInputToIso(value: string): string {
  return bureauTimeToIso(value);
}
