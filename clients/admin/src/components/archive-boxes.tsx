import { type Column, DataTable, ErrorAlert, Field, Loading, Notice, Page, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
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

/** "Which box is this application's file in?" by application id (RA-16). */
export function FindArchivedFile() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [applicationId, setApplicationId] = useState('');
  const found = useGraphQuery(ArchivedFileOfDocument, { applicationId }, { enabled: Boolean(applicationId) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplicationId(draft.trim());
  };
  const file = found.data?.archivedFile;
  return (
    <section aria-labelledby="find-file-heading">
      <h2 id="find-file-heading">{t('archive.find')}</h2>
      <form onSubmit={submit} className="inline-form">
        <Field
          label={t('archive.applicationId')}
          hint={t('archive.applicationIdHint')}
          value={draft}
          required
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="actions">
          <button type="submit">{t('common.search')}</button>
        </div>
      </form>
      <ErrorAlert error={found.error} />
      {applicationId && found.isSuccess && (
        <Notice tone={file ? 'success' : 'info'}>
          {file ? (
            <span data-testid="found-file">
              {t('archive.foundIn', { label: boxLabel(t, file.box), position: file.position })}{' '}
              <Link to={boxLink(file.box.id)}>{t('archive.openBox')}</Link>
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
