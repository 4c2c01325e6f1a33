import { type Column, DataTable, ErrorAlert, Field, useGraphQuery } from '@tessera/ui';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchSubscribersDocument, type SearchSubscribersQuery } from '../gql/graphql';

export type SubscriberRow = SearchSubscribersQuery['subscribers'][number];

/** Finds subscribers by social-insurance number, credit code or name; `action` renders a button per row. */
export function SubscriberLookup(props: { action?: (row: SubscriberRow) => ReactNode }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const found = useGraphQuery(SearchSubscribersDocument, { search }, { enabled: search.length > 0 });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft.trim());
  };
  const columns: Column<SubscriberRow>[] = [
    { header: t('subscriber.name'), cell: (s) => s.name },
    { header: t('subscriber.kind'), cell: (s) => t(`subscriberKind.${s.kind ?? 'unit'}`) },
    { header: t('subscriber.socialInsuranceNumber'), cell: (s) => s.socialInsuranceNumber },
    { header: t('subscriber.creditCode'), cell: (s) => s.creditCode ?? s.organizationCode ?? '—' },
    { header: t('subscriber.contact'), cell: (s) => `${s.contactName ?? ''} ${s.contactPhone ?? ''}` },
    { header: t('subscriber.region'), cell: (s) => s.region },
    ...(props.action ? [{ header: t('common.actions'), cell: props.action }] : []),
  ];
  return (
    <section aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">{t('subscriber.lookup')}</h2>
      <form onSubmit={submit} className="inline-form">
        <Field
          label={t('subscriber.search')}
          hint={t('subscriber.searchHint')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="actions">
          <button type="submit">{t('common.search')}</button>
        </div>
      </form>
      <ErrorAlert error={found.error} />
      {search && found.data && (
        <DataTable
          caption={t('subscriber.lookup')}
          columns={columns}
          rows={found.data.subscribers}
          rowKey={(s) => s.id}
        />
      )}
    </section>
  );
}
