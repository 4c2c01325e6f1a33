import {
  bureauTimeToIso,
  type Column,
  DataTable,
  ErrorAlert,
  Field,
  Loading,
  Page,
  SelectField,
  useGraphQuery,
} from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { businessTypes } from '../business-types';
import { boxLabel } from '../components/box-label';
import { StaffName } from '../components/staff-name';
import { formatDateTime } from '../format';
import {
  type BusinessType,
  MeDocument,
  type TaskCompletionFilterInput,
  TaskCompletionRecordsDocument,
  type TaskCompletionRecordsQuery,
} from '../gql/graphql';

type CompletionRecord = TaskCompletionRecordsQuery['taskCompletionRecords']['records'][number];
type Step = keyof CompletionRecord['steps'];

const pageSize = 25;
const steps: Step[] = ['submittedBy', 'enteredBy', 'reviewedBy', 'issuedBy', 'archivedBy'];

/** A day of the date input, in the bureau's time zone, as the instant it starts. */
const dayStart = (day: string, plusDays = 0) =>
  bureauTimeToIso(new Date(new Date(`${day}T00:00:00Z`).getTime() + plusDays * 86_400_000).toISOString().slice(0, 10));

/** RA-13: the task completion records, by completion date, clerk and business type, page by page. */
export default function CompletedPage() {
  const { t, i18n } = useTranslation();
  const me = useGraphQuery(MeDocument, {});
  const [draft, setDraft] = useState({ from: '', to: '', businessType: '' });
  const [filter, setFilter] = useState<TaskCompletionFilterInput>({});
  const [offset, setOffset] = useState(0);
  const records = useGraphQuery(TaskCompletionRecordsDocument, { filter, offset, first: pageSize });
  const page = records.data?.taskCompletionRecords;
  const apply = (next: TaskCompletionFilterInput) => {
    setFilter(next);
    setOffset(0);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({
      ...filter,
      from: draft.from ? dayStart(draft.from) : undefined,
      to: draft.to ? dayStart(draft.to, 1) : undefined,
      businessType: (draft.businessType as BusinessType) || undefined,
    });
  };
  /** A clerk's name filters the records to those they took part in. */
  const clerkCell = (id: string | null | undefined) =>
    id && id !== 'system' ? (
      <button
        type="button"
        className="link-button"
        title={t('completed.onlyClerk')}
        onClick={() => apply({ ...filter, clerk: id })}
      >
        <StaffName id={id} />
      </button>
    ) : (
      <StaffName id={id} />
    );
  const columns: Column<CompletionRecord>[] = [
    { header: t('completed.completedAt'), cell: (r) => formatDateTime(r.completedAt, i18n.language) },
    {
      header: t('application.subscriber'),
      cell: (r) =>
        r.application ? (
          <Link to={`/applications/${r.application.id}`}>{r.application.subscriber?.name ?? r.application.id}</Link>
        ) : (
          '—'
        ),
    },
    {
      header: t('subscriber.socialInsuranceNumber'),
      cell: (r) => r.application?.subscriber?.socialInsuranceNumber ?? '—',
    },
    { header: t('application.businessType'), cell: (r) => t(`businessType.${r.businessType}`) },
    ...steps.map((step) => ({
      header: t(`completed.${step}`),
      cell: (r: CompletionRecord) => clerkCell(r.steps[step]),
    })),
    { header: t('completed.completedBy'), cell: (r) => clerkCell(r.completedBy) },
    {
      header: t('application.archiveLocation'),
      cell: (r) => {
        const location = r.application?.archiveLocation;
        return location ? boxLabel(t, { ...location, number: location.box }) : '—';
      },
    },
  ];
  const total = page?.total ?? 0;
  const myId = me.data?.me?.id;
  return (
    <Page title={t('completed.title')}>
      <p>{t('completed.intro')}</p>
      <form onSubmit={submit} className="inline-form" aria-label={t('completed.filter')}>
        <Field
          label={t('completed.from')}
          type="date"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
        <Field
          label={t('completed.to')}
          type="date"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
        <SelectField
          label={t('application.businessType')}
          value={draft.businessType}
          onChange={(e) => setDraft({ ...draft, businessType: e.target.value })}
          choices={[
            { value: '', label: t('completed.anyType') },
            ...businessTypes.map((type) => ({ value: type, label: t(`businessType.${type}`) })),
          ]}
        />
        <div className="actions">
          <button type="submit">{t('common.search')}</button>
          {myId && (
            <button type="button" className="secondary" onClick={() => apply({ ...filter, clerk: myId })}>
              {t('completed.mine')}
            </button>
          )}
        </div>
      </form>
      {filter.clerk && (
        <p data-testid="clerk-filter">
          {t('completed.clerkFilter')} <StaffName id={filter.clerk} />{' '}
          <button type="button" className="secondary" onClick={() => apply({ ...filter, clerk: undefined })}>
            {t('completed.clearClerk')}
          </button>
        </p>
      )}
      <section aria-labelledby="records-heading">
        <h2 id="records-heading">
          {t('completed.queue')} <span className="count">({total})</span>
        </h2>
        <ErrorAlert error={records.error} />
        {records.isPending ? (
          <Loading />
        ) : (
          <DataTable caption={t('completed.queue')} columns={columns} rows={page?.records ?? []} rowKey={(r) => r.id} />
        )}
        {total > pageSize && (
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - pageSize))}
            >
              {t('common.previousPage')}
            </button>
            <span>{t('completed.range', { from: offset + 1, to: Math.min(offset + pageSize, total), total })}</span>
            <button
              type="button"
              className="secondary"
              disabled={offset + pageSize >= total}
              onClick={() => setOffset(offset + pageSize)}
            >
              {t('common.nextPage')}
            </button>
          </div>
        )}
      </section>
    </Page>
  );
}
