import { clientConfig } from './client-config';

/** BUREAU_TIME_ZONE's default, used until (and unless) the platform names another. */
export const defaultTimeZone = 'Asia/Shanghai';

let bureauTimeZone = defaultTimeZone;

/**
 * Learns the bureau's time zone from the platform (issue 17 item 5); the clients call it before
 * their first render, so every date on screen is in that zone, whatever the browser's own.
 */
export async function loadBureauTimeZone(): Promise<string> {
  const { timeZone } = await clientConfig();
  if (typeof timeZone === 'string' && knownTimeZone(timeZone)) bureauTimeZone = timeZone;
  return bureauTimeZone;
}

/** The zone the clients show times in. */
export function timeZone(): string {
  return bureauTimeZone;
}

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A date-time of the graph in the UI language and the bureau's time zone; `—` when absent. */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: bureauTimeZone,
  }).format(new Date(iso));
}

/** The calendar day of an instant of the graph in the bureau's time zone; `—` when absent. */
export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: bureauTimeZone }).format(new Date(iso));
}

/** How far the bureau's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: bureauTimeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * A wall-clock time of the bureau (`YYYY-MM-DD`, `YYYY-MM-DDTHH:mm` or with seconds, as date and
 * `datetime-local` inputs give) as an ISO instant: a day entered at the counter means that day in
 * the bureau's zone, not in the browser's.
 */
export function bureauTimeToIso(local: string): string {
  const [day = '', clock = '00:00'] = local.split('T');
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  const [hours = 0, minutes = 0, seconds = 0] = clock.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, date, hours, minutes, seconds);
  const guess = wall - offsetAt(wall);
  return new Date(wall - offsetAt(guess)).toISOString();
}

/** Today's date (`YYYY-MM-DD`) at the bureau, `plusDays` later. */
export function bureauToday(plusDays = 0): string {
  const at = Date.now() + plusDays * 86_400_000;
  return new Date(at + offsetAt(at)).toISOString().slice(0, 10);
}
