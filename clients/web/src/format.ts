import { formatDate, formatDateTime } from '@tessera/ui';
import { useTranslation } from 'react-i18next';

/** Dates and times in the UI language and the bureau's time zone (BUREAU_TIME_ZONE), as the admin client shows them. */
export function useFormat() {
  const { i18n } = useTranslation();
  return {
    date: (iso: string | null | undefined) => formatDate(iso, i18n.language),
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, i18n.language),
  };
}
