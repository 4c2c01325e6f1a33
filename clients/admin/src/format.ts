/** A date-time of the graph in the UI language, in China's time zone (where the RA works). */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

/** Fen (0.01 yuan) as yuan, e.g. `¥120.00`. */
export function yuan(fen: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}

/** A `datetime-local` input value (local time) as an ISO instant. */
export function localInputToIso(value: string): string {
  return new Date(value).toISOString();
}
