import { type Column, DataTable, ErrorAlert, Field, Loading, Notice, Page, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StaffName } from '../components/staff-name';
import { formatDateTime } from '../format';
import { OperationLogDocument, type OperationLogQuery, VerifyOperationLogDocument } from '../gql/graphql';

type Entry = OperationLogQuery['operationLog'][number];

/** RA-14: the append-only, hash-chained operation log, and a walk of the whole chain. */
export default function OperationLogPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState('');
  const [applicationId, setApplicationId] = useState<string | undefined>(undefined);
  const log = useGraphQuery(OperationLogDocument, { first: 200, applicationId });
  const verify = useGraphQuery(VerifyOperationLogDocument, {}, { enabled: false });
  const filter = (event: FormEvent) => {
    event.preventDefault();
    setApplicationId(draft.trim() || undefined);
  };
  const columns: Column<Entry>[] = [
    { header: t('log.sequence'), cell: (e) => e.sequence },
    { header: t('log.at'), cell: (e) => formatDateTime(e.at, i18n.language) },
    { header: t('log.operation'), cell: (e) => t(`operation.${e.operation}`, { defaultValue: e.operation }) },
    { header: t('log.region'), cell: (e) => e.region ?? '—' },
    { header: t('log.project'), cell: (e) => t(`logProject.${e.project}`, { defaultValue: e.project }) },
    {
      header: t('application.businessType'),
      cell: (e) => (e.businessType ? t(`businessType.${e.businessType.toUpperCase()}`) : '—'),
    },
    { header: t('log.unitName'), cell: (e) => e.unitName ?? '—' },
    { header: t('subscriber.socialInsuranceNumber'), cell: (e) => e.socialInsuranceNumber ?? '—' },
    { header: t('log.idNumber'), cell: (e) => e.idNumber ?? '—' },
    { header: t('log.maker'), cell: (e) => <StaffName id={e.maker} /> },
    { header: t('log.reviewer'), cell: (e) => <StaffName id={e.reviewer} /> },
    { header: t('log.detail'), cell: (e) => e.detail ?? '—' },
    {
      header: t('log.application'),
      cell: (e) =>
        e.applicationId ? <Link to={`/applications/${e.applicationId}`}>{e.applicationId.slice(0, 8)}</Link> : '—',
    },
    { header: t('log.hash'), cell: (e) => <code title={e.hash}>{e.hash.slice(0, 12)}…</code> },
  ];
  const result = verify.data?.verifyOperationLog;
  return (
    <Page title={t('log.title')}>
      <section aria-labelledby="verify-heading">
        <h2 id="verify-heading">{t('log.verify')}</h2>
        <p>{t('log.verifyIntro')}</p>
        <div className="actions">
          <button type="button" disabled={verify.isFetching} onClick={() => void verify.refetch()}>
            {t('log.verifyButton')}
          </button>
        </div>
        <ErrorAlert error={verify.error} />
        {result &&
          (result.intact ? (
            <Notice tone="success">
              {t('log.intact', { checked: result.checked })}{' '}
              {result.lastAnchoredAt
                ? t('log.anchors', {
                    anchors: result.anchorsChecked,
                    at: formatDateTime(result.lastAnchoredAt, i18n.language),
                  })
                : t('log.noAnchors')}
            </Notice>
          ) : result.brokenAnchor ? (
            <div className="alert alert-error" role="alert">
              {t('log.anchorBroken', {
                sequence: result.brokenAnchor.sequence,
                at: formatDateTime(result.brokenAnchor.genTime, i18n.language),
                reason: result.brokenAnchor.message,
              })}
            </div>
          ) : (
            <div className="alert alert-error" role="alert">
              {t('log.broken', { checked: result.checked, sequence: result.firstBrokenSequence })}
            </div>
          ))}
      </section>
      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">{t('log.entries')}</h2>
        <form onSubmit={filter} className="inline-form">
          <Field label={t('log.filterApplication')} value={draft} onChange={(e) => setDraft(e.target.value)} />
          <div className="actions">
            <button type="submit">{t('common.search')}</button>
          </div>
        </form>
        <ErrorAlert error={log.error} />
        {log.isPending ? (
          <Loading />
        ) : (
          <DataTable
            caption={t('log.entries')}
            columns={columns}
            rows={log.data?.operationLog ?? []}
            rowKey={(e) => e.sequence}
          />
        )}
      </section>
    </Page>
  );
}
