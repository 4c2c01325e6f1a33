import { DataTable, ErrorAlert, Loading, Page, useGraphMutation, useGraphQuery, useSession } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AccountNav } from '../components/account-nav';
import { useFormat } from '../format';
import { EndMySessionDocument, MySessionsDocument } from '../gql/graphql';

/** The citizen's open sessions, each of which can be ended. */
export default function SessionsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const navigate = useNavigate();
  const sessions = useGraphQuery(MySessionsDocument, {}, { staleTime: 0 });
  const end = useGraphMutation(EndMySessionDocument, {
    invalidates: ['MySessions'],
    onSuccess: (_result, { id }) => {
      if (sessions.data?.mySessions.find((s) => s.id === id)?.current) {
        navigate('/sign-in');
        session.end();
      }
    },
  });
  type Row = NonNullable<typeof sessions.data>['mySessions'][number];

  return (
    <Page title={t('sessions.title')}>
      <AccountNav />
      <ErrorAlert error={sessions.error ?? end.error} />
      <p className="field-hint">{t('sessions.endHint')}</p>
      {sessions.isPending ? (
        <Loading />
      ) : (
        <DataTable<Row>
          caption={t('sessions.title')}
          rows={sessions.data?.mySessions ?? []}
          rowKey={(row) => row.id}
          columns={[
            {
              header: t('sessions.method'),
              cell: (row) => (
                <>
                  {t(`sessions.methods.${row.method}`, { defaultValue: row.method })}
                  {row.current && <span className="badge badge-current">{t('sessions.current')}</span>}
                </>
              ),
            },
            { header: t('sessions.createdAt'), cell: (row) => format.dateTime(row.createdAt) },
            { header: t('sessions.lastUsedAt'), cell: (row) => format.dateTime(row.lastUsedAt) },
            { header: t('sessions.expiresAt'), cell: (row) => format.dateTime(row.expiresAt) },
            {
              header: t('sessions.systems'),
              cell: (row) =>
                row.systems.length ? (
                  <ul className="session-systems">
                    {row.systems.map((system) => (
                      <li key={system.code} data-system={system.code}>
                        {system.name}{' '}
                        <span className="field-hint">
                          {t('sessions.systemSince', { time: format.dateTime(system.signedInAt) })}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  t('sessions.noSystems')
                ),
            },
            {
              header: t('common.actions'),
              cell: (row) => (
                <button
                  type="button"
                  className="secondary"
                  disabled={end.isPending}
                  onClick={() => end.mutate({ id: row.id })}
                >
                  {t('sessions.end')}
                </button>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}
