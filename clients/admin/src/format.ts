import { bureauTimeToIso } from '@tessera/ui';

/** Dates and times in the bureau's time zone (BUREAU_TIME_ZONE), the same in both clients. */
export { formatDate, formatDateTime } from '@tessera/ui';

/** Fen (0.01 yuan) as yuan, e.g. `¥120.00`. */
export function yuan(fen: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}

/** A `datetime-local` input value (the bureau's wall clock) as an ISO instant. */
export function localInputToIso(value: string): string {
  return bureauTimeToIso(value);
}
