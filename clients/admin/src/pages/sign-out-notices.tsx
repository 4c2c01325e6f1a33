import {
  type Column,
  DataTable,
  ErrorAlert,
  Loading,
  Notice,
  Page,
  SelectField,
  useGraphMutation,
  useGraphQuery,
} from '@tessera/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import {
  ApplicationSystemsDocument,
  type BackchannelLogoutState,
  BackchannelLogoutsDocument,
  type BackchannelLogoutsQuery,
  RetryBackchannelLogoutDocument,
} from '../gql/graphql';
import { useRoles } from '../roles';

type Logout = BackchannelLogoutsQuery['backchannelLogouts'][number];

/** The filters of the page, by the state the graph filters on. */
const filters = {
  all: undefined,
  pending: 'PENDING',
  delivered: 'DELIVERED',
  abandoned: 'ABANDONED',
} as const satisfies Record<string, BackchannelLogoutState | undefined>;
type Filter = keyof typeof filters;

/** Why a session ended, as identity records it, and the key of its words. */
const reasons: Record<string, string> = {
  'signed out': 'signedOut',
  'password changed': 'passwordChanged',
  'ended by administrator': 'endedByAdministrator',
  'locked by administrator': 'lockedByAdministrator',
  'password reset forced': 'passwordResetForced',
  'password reset by administrator': 'passwordResetByAdministrator',
  'password recovered': 'passwordRecovered',
  'refresh token reused': 'refreshTokenReused',
  'signed out at a business system': 'signedOutAtSystem',
  'ended by user': 'endedByUser',
  'real-name verification required by a business system': 'realNameRequired',
};

/**
 * Issue 12: the logout notices owed to business systems (OpenID Connect back-channel logout) when a
 * platform session ends. Undelivered notices are retried with backoff and given up after the last
 * try; an administrator may send one again now. Auditors see the list only.
 */
export default function SignOutNoticesPage() {
  const { t, i18n } = useTranslation();
  const administrator = useRoles().has('ADMINISTRATOR');
  const [filter, setFilter] = useState<Filter>('all');
  const [systemCode, setSystemCode] = useState('');
  const [done, setDone] = useState(false);
  const state = filters[filter];
  const logouts = useGraphQuery(
    BackchannelLogoutsDocument,
    { state, systemCode: systemCode || undefined, limit: 200 },
    { refetchInterval: 5000 },
  );
  const systems = useGraphQuery(ApplicationSystemsDocument, {});
  const retry = useGraphMutation(RetryBackchannelLogoutDocument, {
    invalidates: ['BackchannelLogouts'],
    onSuccess: () => setDone(true),
  });
  const nameOf = (code: string) => systems.data?.applicationSystems.find((s) => s.code === code)?.name;
  const reasonOf = (reason: string) => {
    const key = reasons[reason];
    return key ? t(`signOutNotices.reason.${key}`) : reason;
  };
  const columns: Column<Logout>[] = [
    { header: t('signOutNotices.createdAt'), cell: (l) => formatDateTime(l.createdAt, i18n.language) },
    {
      header: t('signOutNotices.system'),
      cell: (l) => {
        const name = nameOf(l.systemCode);
        return name ? <span title={l.systemCode}>{name}</span> : <code>{l.systemCode}</code>;
      },
    },
    { header: t('signOutNotices.reasonHeader'), cell: (l) => reasonOf(l.reason) },
    {
      header: t('signOutNotices.state'),
      cell: (l) => <span className={`badge badge-${l.state.toLowerCase()}`}>{t(`signOutNoticeState.${l.state}`)}</span>,
    },
    { header: t('signOutNotices.attempts'), cell: (l) => l.attempts },
    {
      header: t('signOutNotices.when'),
      cell: (l) =>
        l.state === 'DELIVERED'
          ? t('signOutNotices.deliveredAt', { at: formatDateTime(l.deliveredAt, i18n.language) })
          : l.state === 'PENDING'
            ? t('signOutNotices.nextAttemptAt', { at: formatDateTime(l.nextAttemptAt, i18n.language) })
            : t('signOutNotices.givenUp'),
    },
    { header: t('signOutNotices.lastError'), cell: (l) => l.lastError ?? '—' },
    ...(administrator
      ? [
          {
            header: t('common.actions'),
            cell: (l: Logout) =>
              l.state === 'DELIVERED' ? null : (
                <div className="actions">
                  <button
                    type="button"
                    className="secondary nowrap"
                    disabled={retry.isPending}
                    onClick={() => {
                      setDone(false);
                      retry.mutate({ id: l.id });
                    }}
                  >
                    {t('signOutNotices.retry')}
                  </button>
                </div>
              ),
          },
        ]
      : []),
  ];
  const rows = logouts.data?.backchannelLogouts ?? [];
  return (
    <Page title={t('signOutNotices.title')}>
      <p>{t('signOutNotices.intro')}</p>
      <div className="filters">
        <SelectField
          label={t('signOutNotices.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value as Filter)}
          choices={(Object.keys(filters) as Filter[]).map((f) => ({
            value: f,
            label: t(`signOutNotices.filters.${f}`),
          }))}
        />
        <SelectField
          label={t('signOutNotices.system')}
          value={systemCode}
          onChange={(e) => setSystemCode(e.target.value)}
          choices={[
            { value: '', label: t('signOutNotices.allSystems') },
            ...(systems.data?.applicationSystems ?? []).map((s) => ({ value: s.code, label: s.name })),
          ]}
        />
      </div>
      {done && <Notice tone="success">{t('signOutNotices.retried')}</Notice>}
      <ErrorAlert error={logouts.error ?? retry.error} />
      {logouts.isPending ? (
        <Loading />
      ) : logouts.error ? null : rows.length === 0 ? (
        <Notice>{t('signOutNotices.none')}</Notice>
      ) : (
        <DataTable caption={t('signOutNotices.title')} columns={columns} rows={rows} rowKey={(l) => l.id} />
      )}
    </Page>
  );
}
