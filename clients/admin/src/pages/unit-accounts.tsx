import {
  type Column,
  DataTable,
  ErrorAlert,
  Field,
  Loading,
  Notice,
  Page,
  useGraphMutation,
  useGraphQuery,
} from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import {
  DisableUnitAccountDocument,
  EnableUnitAccountDocument,
  UnitAccountsDocument,
  type UnitAccountsQuery,
} from '../gql/graphql';
import { hasAny, useRoles } from '../roles';

type Row = UnitAccountsQuery['unitAccounts'][number];
const refresh = ['UnitAccounts'];

/**
 * Issue 15: the insured units that signed in with their certificates, each one account keyed by its
 * social-insurance number. Administrators disable a unit (no sign-in, sessions ended) and enable it again;
 * auditors see the list.
 */
export default function UnitAccountsPage() {
  const { t, i18n } = useTranslation();
  const administrator = hasAny(useRoles(), ['ADMINISTRATOR']);
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const units = useGraphQuery(UnitAccountsDocument, { search });
  const disable = useGraphMutation(DisableUnitAccountDocument, {
    invalidates: refresh,
    onSuccess: () => setNotice(t('unitAccounts.disabledDone')),
  });
  const enable = useGraphMutation(EnableUnitAccountDocument, {
    invalidates: refresh,
    onSuccess: () => setNotice(t('unitAccounts.enabledDone')),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft.trim() || undefined);
  };
  const columns: Column<Row>[] = [
    { header: t('unitAccounts.name'), cell: (u) => u.displayName },
    { header: t('unitAccounts.insuranceNumber'), cell: (u) => u.unitInsuranceNumber ?? '—' },
    { header: t('unitAccounts.creditCode'), cell: (u) => u.unitCreditCode ?? '—' },
    { header: t('unitAccounts.createdAt'), cell: (u) => formatDateTime(u.createdAt, i18n.language) },
    { header: t('unitAccounts.state'), cell: (u) => t(u.locked ? 'unitAccounts.disabled' : 'unitAccounts.active') },
  ];
  if (administrator) {
    columns.push({
      header: t('unitAccounts.actions'),
      cell: (u) =>
        u.locked ? (
          <button type="button" onClick={() => enable.mutate({ id: u.id })}>
            {t('unitAccounts.enable', { name: u.displayName })}
          </button>
        ) : (
          <button type="button" className="danger" onClick={() => disable.mutate({ id: u.id })}>
            {t('unitAccounts.disable', { name: u.displayName })}
          </button>
        ),
    });
  }
  return (
    <Page title={t('unitAccounts.title')}>
      <Notice>{t('unitAccounts.intro')}</Notice>
      <form onSubmit={submit}>
        <Field label={t('unitAccounts.search')} value={draft} onChange={(e) => setDraft(e.target.value)} />
        <div className="actions">
          <button type="submit">{t('unitAccounts.searchSubmit')}</button>
        </div>
      </form>
      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorAlert error={units.error ?? disable.error ?? enable.error} />
      {units.isPending ? (
        <Loading />
      ) : (
        <DataTable
          caption={t('unitAccounts.title')}
          columns={columns}
          rows={units.data?.unitAccounts ?? []}
          rowKey={(u) => u.id}
        />
      )}
    </Page>
  );
}
