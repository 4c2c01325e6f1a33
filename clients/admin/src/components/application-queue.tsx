import { type Column, DataTable, ErrorAlert, Loading, Notice, useGraphMutation, useGraphQuery } from '@tessera/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../format';
import {
  ApplicationQueueDocument,
  type ApplicationQueueQuery,
  type ApplicationState,
  ArchiveApplicationsDocument,
  type BusinessType,
} from '../gql/graphql';
import { ApplicationSearchField, useApplicationSearch } from './application-search';
import { boxLabel } from './box-label';
import { StaffName } from './staff-name';

type Row = ApplicationQueueQuery['applications'][number];

/** Extra columns a queue shows besides the application itself. */
export type QueueColumn = 'origin' | 'enteredBy' | 'reviewedBy' | 'archiveLocation' | 'updatedAt';

/**
 * A work queue: the applications in one state (optionally of one business type), each linking to
 * the application page where the clerk takes the next step. Its search finds within the queue by
 * name, social-insurance number, credit code or application number (issue 17 item 7); `bulkArchive`
 * lets the archive clerk tick several and archive them in one act.
 */
export function ApplicationQueue(props: {
  title: string;
  state: ApplicationState;
  businessType?: BusinessType;
  /** Leave out one business type (e.g. new issuance, which waits for the agency first). */
  exclude?: BusinessType;
  columns?: QueueColumn[];
  bulkArchive?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const queue = useGraphQuery(
    ApplicationQueueDocument,
    { state: props.state, businessType: props.businessType, first: 100 },
    { refetchInterval: 15_000 },
  );
  const search = useApplicationSearch(props.state);
  const listed: Row[] = search.text ? (search.found.data?.searchApplications ?? []) : (queue.data?.applications ?? []);
  const rows = listed.filter(
    (a) => a.businessType !== props.exclude && (!props.businessType || a.businessType === props.businessType),
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const archive = useGraphMutation(ArchiveApplicationsDocument, {
    invalidates: ['ApplicationQueue', 'SearchApplications', 'ArchiveCabinets', 'NextApplication'],
    onSuccess: () => setSelected(new Set()),
  });
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const archiveSelected = () =>
    archive.mutate({
      input: {
        applications: rows
          .filter((a) => selected.has(a.id))
          .map((a) => ({ applicationId: a.id, expectedVersion: a.version ?? 0 })),
      },
    });
  const outcomes = archive.data?.archiveApplications ?? [];
  const failed = outcomes.filter((o) => o.error);
  const nameOf = (id: string) => listed.find((a) => a.id === id)?.subscriber?.name ?? id.slice(0, 8);
  const extra: Record<QueueColumn, Column<Row>> = {
    origin: {
      header: t('application.origin'),
      cell: (a) =>
        a.reviewOf ? (
          <strong className="system-opened" data-testid="system-opened">
            {t('application.systemOpened')}
          </strong>
        ) : (
          t('application.requested')
        ),
    },
    enteredBy: { header: t('application.enteredBy'), cell: (a) => <StaffName id={a.enteredBy} /> },
    reviewedBy: { header: t('application.reviewedBy'), cell: (a) => <StaffName id={a.reviewedBy} /> },
    archiveLocation: {
      header: t('application.archiveLocation'),
      cell: (a) => (a.archiveLocation ? boxLabel(t, { ...a.archiveLocation, number: a.archiveLocation.box }) : '—'),
    },
    updatedAt: { header: t('application.updatedAt'), cell: (a) => formatDateTime(a.updatedAt, i18n.language) },
  };
  const select: Column<Row>[] = props.bulkArchive
    ? [
        {
          header: t('clicks.selectHeader'),
          cell: (a) => (
            <input
              type="checkbox"
              checked={selected.has(a.id)}
              aria-label={t('clicks.select', { name: a.subscriber?.name ?? a.id.slice(0, 8) })}
              onChange={(e) => toggle(a.id, e.target.checked)}
            />
          ),
        },
      ]
    : [];
  const columns: Column<Row>[] = [
    ...select,
    {
      header: t('application.subscriber'),
      cell: (a) => (
        <Link to={`/applications/${a.id}`} aria-label={t('application.open', { name: a.subscriber?.name ?? a.id })}>
          {a.subscriber?.name ?? a.id.slice(0, 8)}
        </Link>
      ),
    },
    { header: t('subscriber.socialInsuranceNumber'), cell: (a) => a.subscriber?.socialInsuranceNumber ?? '—' },
    {
      header: t('application.businessType'),
      cell: (a) => (a.businessType ? t(`businessType.${a.businessType}`) : '—'),
    },
    {
      header: t('application.certificateKind'),
      cell: (a) => (a.certificateKind ? t(`certificateKind.${a.certificateKind}`) : '—'),
    },
    { header: t('application.channel'), cell: (a) => t(`channel.${a.channel ?? 'counter'}`) },
    { header: t('application.createdAt'), cell: (a) => formatDateTime(a.createdAt, i18n.language) },
    ...(props.columns ?? []).map((c) => extra[c]),
  ];
  return (
    <section aria-labelledby={`queue-${props.state}`}>
      <h2 id={`queue-${props.state}`}>
        {props.title} <span className="count">({rows.length})</span>
      </h2>
      <ApplicationSearchField
        label={t('clicks.filter', { queue: props.title })}
        button={t('clicks.filterButton')}
        onSearch={search.setText}
      />
      <ErrorAlert error={queue.error ?? search.found.error ?? archive.error} />
      {props.bulkArchive && outcomes.length > 0 && (
        <Notice tone={failed.length > 0 ? 'warning' : 'success'}>
          <p data-testid="archived-count">{t('clicks.archived', { count: outcomes.length - failed.length })}</p>
          {failed.length > 0 && (
            <ul data-testid="archive-failures">
              {failed.map((o) => (
                <li key={o.applicationId} data-code={o.error?.code}>
                  {t('clicks.archiveFailed', { name: nameOf(o.applicationId), message: o.error?.message })}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      {props.bulkArchive && rows.length > 0 && (
        <div className="actions">
          <button type="button" disabled={selected.size === 0 || archive.isPending} onClick={archiveSelected}>
            {t('clicks.archiveSelected', { count: selected.size })}
          </button>
        </div>
      )}
      {queue.isPending ? (
        <Loading />
      ) : (
        <DataTable caption={props.title} columns={columns} rows={rows} rowKey={(a) => a.id} />
      )}
    </section>
  );
}
