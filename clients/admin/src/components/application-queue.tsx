import { type Column, DataTable, ErrorAlert, Loading, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../format';
import {
  ApplicationQueueDocument,
  type ApplicationQueueQuery,
  type ApplicationState,
  type BusinessType,
} from '../gql/graphql';
import { boxLabel } from './box-label';
import { StaffName } from './staff-name';

type Row = ApplicationQueueQuery['applications'][number];

/** Extra columns a queue shows besides the application itself. */
export type QueueColumn = 'origin' | 'enteredBy' | 'reviewedBy' | 'archiveLocation' | 'updatedAt';

/**
 * A work queue: the applications in one state (optionally of one business type), each linking to
 * the application page where the clerk takes the next step.
 */
export function ApplicationQueue(props: {
  title: string;
  state: ApplicationState;
  businessType?: BusinessType;
  /** Leave out one business type (e.g. new issuance, which waits for the agency first). */
  exclude?: BusinessType;
  columns?: QueueColumn[];
}) {
  const { t, i18n } = useTranslation();
  const queue = useGraphQuery(
    ApplicationQueueDocument,
    { state: props.state, businessType: props.businessType, first: 100 },
    { refetchInterval: 15_000 },
  );
  const rows = (queue.data?.applications ?? []).filter((a) => a.businessType !== props.exclude);
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
  const columns: Column<Row>[] = [
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
      <ErrorAlert error={queue.error} />
      {queue.isPending ? (
        <Loading />
      ) : (
        <DataTable caption={props.title} columns={columns} rows={rows} rowKey={(a) => a.id} />
      )}
    </section>
  );
}
