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
import { Link } from 'react-router';
import { formatDateTime } from '../format';
import {
  CertificateAuthorityCallsDocument,
  type CertificateAuthorityCallsQuery,
  RetryCertificateAuthorityCallDocument,
  SettleCertificateAuthorityCallDocument,
} from '../gql/graphql';
import { useRoles } from '../roles';

type Call = CertificateAuthorityCallsQuery['undeliveredCertificateAuthorityCalls'][number];

/**
 * RA item 12: calls to the certificate authority that are not getting through. A failed call (a
 * permanent refusal) is never retried on its own: an administrator retries it now or settles it
 * with a reason (in the operation log). Auditors see the list only.
 */
export default function CaCallsPage() {
  const { t, i18n } = useTranslation();
  const administrator = useRoles().has('ADMINISTRATOR');
  const calls = useGraphQuery(CertificateAuthorityCallsDocument, {}, { refetchInterval: 5000 });
  const [settling, setSettling] = useState<Call | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const invalidates = ['CertificateAuthorityCalls', 'ApplicationDetail', 'OperationLog'];
  const retry = useGraphMutation(RetryCertificateAuthorityCallDocument, {
    invalidates,
    onSuccess: () => setDone(t('caCalls.retried')),
  });
  const settle = useGraphMutation(SettleCertificateAuthorityCallDocument, {
    invalidates,
    onSuccess: () => {
      setDone(t('caCalls.settled'));
      setSettling(null);
      setReason('');
    },
  });
  const applicationName = (call: Call) =>
    call.application
      ? `${call.application.businessType ? t(`businessType.${call.application.businessType}`) : ''} ${call.application.subscriber?.name ?? ''}`.trim()
      : '—';
  const columns: Column<Call>[] = [
    {
      header: t('caCalls.application'),
      cell: (c) => (c.application ? <Link to={`/applications/${c.application.id}`}>{applicationName(c)}</Link> : '—'),
    },
    { header: t('caCalls.kind'), cell: (c) => t(`caCallKind.${c.kind}`) },
    {
      header: t('caCalls.state'),
      cell: (c) => (
        <span data-testid="ca-call-state" data-state={c.state}>
          {t(`caCallState.${c.state}`)}
        </span>
      ),
    },
    { header: t('caCalls.attempts'), cell: (c) => c.attempts },
    {
      header: t('caCalls.lastError'),
      cell: (c) => (
        <>
          {/* The sentence on screen; the error's code (what logs and alerts name) as its tooltip (issue 17 item 6). */}
          {c.lastError || c.lastErrorCode ? (
            <span data-code={c.lastErrorCode ?? undefined} title={c.lastErrorCode ?? undefined}>
              {c.lastError ?? c.lastErrorCode}
            </span>
          ) : null}
        </>
      ),
    },
    {
      header: t('caCalls.when'),
      cell: (c) =>
        c.state === 'FAILED'
          ? t('caCalls.failedAt', { at: formatDateTime(c.failedAt, i18n.language) })
          : t('caCalls.nextAttemptAt', { at: formatDateTime(c.nextAttemptAt, i18n.language) }),
    },
    ...(administrator
      ? [
          {
            header: t('common.actions'),
            cell: (c: Call) => (
              <div className="actions">
                <button
                  type="button"
                  className="secondary"
                  disabled={retry.isPending}
                  onClick={() => {
                    setDone(null);
                    retry.mutate({ id: c.id });
                  }}
                >
                  {t('caCalls.retry')}
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    setDone(null);
                    setSettling(c);
                  }}
                >
                  {t('caCalls.settle')}
                </button>
              </div>
            ),
          },
        ]
      : []),
  ];
  const submitSettlement = (event: FormEvent) => {
    event.preventDefault();
    if (settling) settle.mutate({ id: settling.id, reason });
  };
  const rows = calls.data?.undeliveredCertificateAuthorityCalls ?? [];
  return (
    <Page title={t('caCalls.title')}>
      <p>{t('caCalls.intro')}</p>
      {done && <Notice tone="success">{done}</Notice>}
      <ErrorAlert error={calls.error ?? retry.error} />
      {calls.isPending ? (
        <Loading />
      ) : calls.error ? null : rows.length === 0 ? (
        <Notice>{t('caCalls.none')}</Notice>
      ) : (
        <DataTable caption={t('caCalls.title')} columns={columns} rows={rows} rowKey={(c) => c.id} />
      )}
      {settling && (
        <section aria-labelledby="settle-heading">
          <h2 id="settle-heading">{t('caCalls.settleTitle', { application: applicationName(settling) })}</h2>
          <p>{t('caCalls.settleIntro', { kind: t(`caCallKind.${settling.kind}`) })}</p>
          <ErrorAlert error={settle.error} />
          <form onSubmit={submitSettlement} className="form-wide">
            <Field
              label={t('caCalls.reason')}
              hint={t('caCalls.reasonHint')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <div className="actions">
              <button type="submit" className="danger" disabled={settle.isPending}>
                {t('caCalls.confirmSettle')}
              </button>
              <button type="button" className="secondary" onClick={() => setSettling(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </section>
      )}
    </Page>
  );
}
