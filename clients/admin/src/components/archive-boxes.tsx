import { type Column, DataTable, ErrorAlert, Loading, Notice, Page, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../format';
import {
  ArchiveBoxDetailDocument,
  type ArchiveBoxDetailQuery,
  ArchiveBoxLabelDocument,
  ArchiveCabinetsDocument,
  ArchivedFileOfDocument,
} from '../gql/graphql';
import { ApplicationSearchField, FoundApplications, useApplicationSearch } from './application-search';
import { boxLabel } from './box-label';
import { PrintPdfButton } from './print-pdf';
import { StaffName } from './staff-name';

type ArchivedFileRow = NonNullable<ArchiveBoxDetailQuery['archiveBox']>['files'][number];

export const boxLink = (id: string) => `/archive?box=${encodeURIComponent(id)}`;
export const labelLink = (id: string) => `${boxLink(id)}&label=1`;

/** RA-16: the numbered cabinets of each series and the boxes in them, each box linking to its contents. */
export function Cabinets() {
  const { t } = useTranslation();
  const cabinets = useGraphQuery(ArchiveCabinetsDocument, {});
  const list = cabinets.data?.archiveCabinets ?? [];
  return (
    <section aria-labelledby="cabinets-heading">
      <h2 id="cabinets-heading">{t('archive.cabinets')}</h2>
      <ErrorAlert error={cabinets.error} />
      {cabinets.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="empty">{t('archive.noBoxes')}</p>
      ) : (
        <div className="cards">
          {list.map((cabinet) => {
            const name = t('archive.cabinet', { series: t(`archiveSeries.${cabinet.series}`), number: cabinet.number });
            return (
              <section key={`${cabinet.series}-${cabinet.number}`} className="card" aria-label={name}>
                <h3>{name}</h3>
                <ul className="box-list">
                  {cabinet.boxes.map((box) => (
                    <li key={box.id}>
                      <Link to={boxLink(box.id)}>
                        {boxLabel(t, { ...box, series: cabinet.series, cabinet: cabinet.number })}
                      </Link>{' '}
                      <span className="count">
                        {t('archive.filled', { count: box.fileCount, capacity: box.capacity })}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}

/**
 * RA-16: where an application's paper file lies, found by the subscriber's name, social-insurance
 * number, credit code or the application number (issue 17 item 7; the lookup took only the id before).
 * Each application found shows its box; a single one also its place in the box.
 */
export function FindArchivedFile() {
  const { t } = useTranslation();
  const { text, setText, found } = useApplicationSearch();
  const rows = found.data?.searchApplications ?? [];
  const only = rows.length === 1 ? rows[0] : undefined;
  const file = useGraphQuery(ArchivedFileOfDocument, { applicationId: only?.id ?? '' }, { enabled: Boolean(only) });
  const placed = file.data?.archivedFile;
  return (
    <section aria-labelledby="find-file-heading">
      <h2 id="find-file-heading">{t('archive.find')}</h2>
      <ApplicationSearchField shortcut onSearch={setText} />
      <FoundApplications rows={rows} error={found.error ?? file.error} searched={Boolean(text) && found.isSuccess} />
      {only && file.isSuccess && (
        <Notice tone={placed ? 'success' : 'info'}>
          {placed ? (
            <span data-testid="found-file">
              {t('archive.foundIn', { label: boxLabel(t, placed.box), position: placed.position })}{' '}
              <Link to={boxLink(placed.box.id)}>{t('archive.openBox')}</Link>
            </span>
          ) : (
            t('archive.notArchived')
          )}
        </Notice>
      )}
    </section>
  );
}

/** One box: its files in shelf order (by social-insurance number) and a link to its printable label. */
export function ArchiveBoxView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const detail = useGraphQuery(ArchiveBoxDetailDocument, { id });
  const box = detail.data?.archiveBox;
  if (detail.isPending) return <Loading />;
  if (!box) {
    return (
      <Page title={t('archive.box')}>
        <ErrorAlert error={detail.error} />
        {!detail.error && <p>{t('archive.noSuchBox')}</p>}
        <Link to="/archive">{t('archive.back')}</Link>
      </Page>
    );
  }
  const columns: Column<ArchivedFileRow>[] = [
    { header: t('archive.position'), cell: (f) => box.files.indexOf(f) + 1 },
    { header: t('subscriber.socialInsuranceNumber'), cell: (f) => f.socialInsuranceNumber },
    {
      header: t('application.subscriber'),
      cell: (f) =>
        f.application ? (
          <Link to={`/applications/${f.application.id}`}>{f.application.subscriber?.name ?? f.application.id}</Link>
        ) : (
          '—'
        ),
    },
    {
      header: t('application.businessType'),
      cell: (f) => (f.application?.businessType ? t(`businessType.${f.application.businessType}`) : '—'),
    },
    { header: t('archive.archivedAt'), cell: (f) => formatDateTime(f.archivedAt, i18n.language) },
    { header: t('archive.archivedBy'), cell: (f) => <StaffName id={f.archivedBy} /> },
  ];
  return (
    <Page title={t('archive.boxTitle', { label: boxLabel(t, box) })}>
      <p>
        <Link to="/archive">{t('archive.back')}</Link>
      </p>
      <dl className="facts">
        <dt>{t('archive.series')}</dt>
        <dd>{t(`archiveSeries.${box.series}`)}</dd>
        <dt>{t('archive.cabinetNumber')}</dt>
        <dd>{box.cabinet}</dd>
        <dt>{t('archive.files')}</dt>
        <dd data-testid="box-count">{t('archive.filled', { count: box.fileCount, capacity: box.capacity })}</dd>
      </dl>
      <div className="actions">
        <Link className="button" to={labelLink(box.id)}>
          {t('archive.printLabel')}
        </Link>
        <PrintPdfButton sheet="archiveBoxLabel" id={box.id} />
      </div>
      <h2>{t('archive.contents')}</h2>
      <DataTable caption={t('archive.contents')} columns={columns} rows={box.files} rowKey={(f) => f.id} />
    </Page>
  );
}

/** The box label as printed and stuck on the box (RA-16). */
export function ArchiveBoxLabelView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const query = useGraphQuery(ArchiveBoxLabelDocument, { id });
  const box = query.data?.archiveBox;
  const label = box?.printLabel;
  if (query.isPending) return <Loading />;
  return (
    <Page title={t('archive.labelTitle')}>
      <p className="no-print">
        <Link to={boxLink(id)}>{t('archive.backToBox')}</Link>
      </p>
      <ErrorAlert error={query.error} />
      {box && label && (
        <>
          <article className="box-label" data-testid="box-label" aria-label={boxLabel(t, box)}>
            <p className="box-label-title">{boxLabel(t, box)}</p>
            <dl>
              <dt>{t('archive.series')}</dt>
              <dd>{t(`archiveSeries.${box.series}`)}</dd>
              <dt>{t('archive.boxNumber')}</dt>
              <dd>{box.number}</dd>
              <dt>{t('archive.cabinetNumber')}</dt>
              <dd>{box.cabinet}</dd>
              <dt>{t('archive.files')}</dt>
              <dd>{t('archive.filled', { count: label.fileCount, capacity: label.capacity })}</dd>
              <dt>{t('archive.numberRange')}</dt>
              <dd>
                {label.firstSocialInsuranceNumber ?? '—'} – {label.lastSocialInsuranceNumber ?? '—'}
              </dd>
              <dt>{t('archive.dateRange')}</dt>
              <dd>
                {formatDate(label.firstArchivedAt, i18n.language)} – {formatDate(label.lastArchivedAt, i18n.language)}
              </dd>
            </dl>
          </article>
          <div className="actions no-print">
            <button type="button" onClick={() => window.print()}>
              {t('archive.print')}
            </button>
            <PrintPdfButton sheet="archiveBoxLabel" id={id} />
          </div>
        </>
      )}
    </Page>
  );
}
