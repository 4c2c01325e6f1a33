import type { TFunction } from 'i18next';
import type { ArchiveSeries } from '../gql/graphql';

/**
 * A box's name in the UI language (RA-16), e.g. `新制-0001 (柜 1)` or `New issuance 0001 (cabinet 1)`:
 * the server's own label is Chinese, as printed at the bureau.
 */
export function boxLabel(t: TFunction, box: { series: ArchiveSeries; number: number; cabinet: number }): string {
  return t('archive.boxLabel', {
    series: t(`archiveSeries.${box.series}`),
    number: String(box.number).padStart(4, '0'),
    cabinet: box.cabinet,
  });
}
