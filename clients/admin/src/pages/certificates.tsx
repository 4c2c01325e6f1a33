import {
  bureauTimeToIso,
  type Column,
  DataTable,
  ErrorAlert,
  Field,
  Loading,
  Notice,
  Page,
  SelectField,
  useGraphMutation,
  useGraphQuery,
} from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revocationReasons } from '../business-types';
import { CertificateDownload } from '../components/certificate-download';
import { formatDate } from '../format';
import {
  type CertificateFilter,
  type CertificateState,
  CertificatesBySubjectDocument,
  ReleaseCertificateDocument,
  type RevocationReason,
  RevokeCertificateDocument,
  SearchCertificatesDocument,
  type SearchCertificatesQuery,
  SuspendCertificateDocument,
} from '../gql/graphql';
import { useRoles } from '../roles';

type Row = SearchCertificatesQuery['certificates']['certificates'][number];

const states: CertificateState[] = ['NEW_APPLICATION', 'IN_USE', 'SUSPENDED', 'REVOKED', 'CANCELLED'];
const refresh = ['SearchCertificates', 'CertificatesBySubject'];

/** RA-4, RA-5: what an administrator may do to one certificate. */
function CertificateActions({ row, onClose }: { row: Row; onClose: () => void }) {
  const { t } = useTranslation();
  const roles = useRoles();
  const [reason, setReason] = useState<RevocationReason>('UNSPECIFIED');
  const [done, setDone] = useState<string | null>(null);
  const suspend = useGraphMutation(SuspendCertificateDocument, {
    invalidates: refresh,
    onSuccess: () => setDone(t('certificate.suspended')),
  });
  const release = useGraphMutation(ReleaseCertificateDocument, {
    invalidates: refresh,
    onSuccess: () => setDone(t('certificate.released')),
  });
  const revoke = useGraphMutation(RevokeCertificateDocument, {
    invalidates: refresh,
    onSuccess: () => setDone(t('certificate.revoked')),
  });
  const admin = roles.has('ADMINISTRATOR');
  const revokeSubmit = (event: FormEvent) => {
    event.preventDefault();
    revoke.mutate({ id: row.id, reason });
  };
  return (
    <section aria-labelledby="certificate-actions-heading" className="card">
      <h2 id="certificate-actions-heading">{t('certificate.actionsFor', { serial: row.serialNumber })}</h2>
      <p>{row.subject}</p>
      {done && <Notice tone="success">{done}</Notice>}
      <ErrorAlert error={suspend.error ?? release.error ?? revoke.error} />
      {row.state !== 'NEW_APPLICATION' && <CertificateDownload id={row.id} serialNumber={row.serialNumber} />}
      {admin && (
        <>
          <div className="actions">
            {row.state === 'IN_USE' && (
              <button type="button" className="secondary" onClick={() => suspend.mutate({ id: row.id })}>
                {t('certificate.suspend')}
              </button>
            )}
            {row.state === 'SUSPENDED' && (
              <button type="button" className="secondary" onClick={() => release.mutate({ id: row.id })}>
                {t('certificate.release')}
              </button>
            )}
          </div>
          {(row.state === 'IN_USE' || row.state === 'SUSPENDED') && (
            <form onSubmit={revokeSubmit}>
              <SelectField
                label={t('certificate.revocationReason')}
                value={reason}
                onChange={(e) => setReason(e.target.value as RevocationReason)}
                choices={revocationReasons.map((r) => ({ value: r, label: t(`revocationReason.${r}`) }))}
              />
              <div className="actions">
                <button type="submit" className="danger" disabled={revoke.isPending}>
                  {t('certificate.revoke')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </section>
  );
}

/**
 * Certificate search (CT-2) by subject, serial, state, holder, the subscriber's social-insurance
 * number or credit code (GM/T 0015), or expiry window, with the actions.
 */
export default function CertificatesPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState({
    subject: '',
    serialNumber: '',
    state: '',
    holderUserId: '',
    insuranceNumber: '',
    creditCode: '',
    from: '',
    until: '',
  });
  const [search, setSearch] = useState<{ subject: string } | { filter: CertificateFilter } | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const bySubject = useGraphQuery(
    CertificatesBySubjectDocument,
    { subject: search && 'subject' in search ? search.subject : '' },
    { enabled: Boolean(search && 'subject' in search) },
  );
  const byFilter = useGraphQuery(
    SearchCertificatesDocument,
    { filter: search && 'filter' in search ? search.filter : {} },
    { enabled: Boolean(search && 'filter' in search) },
  );
  const active = search && 'subject' in search ? bySubject : byFilter;
  const page = search && 'subject' in search ? bySubject.data?.certificateStatus : byFilter.data?.certificates;
  const selected = page?.certificates.find((c) => c.id === selectedId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSelectedId(null);
    if (draft.subject.trim()) {
      setSearch({ subject: draft.subject.trim() });
      return;
    }
    setSearch({
      filter: {
        serialNumber: draft.serialNumber.trim() || undefined,
        state: (draft.state || undefined) as CertificateState | undefined,
        holderUserId: draft.holderUserId.trim() || undefined,
        insuranceNumber: draft.insuranceNumber.trim() || undefined,
        creditCode: draft.creditCode.trim() || undefined,
        expiresFrom: draft.from ? bureauTimeToIso(`${draft.from}T00:00:00`) : undefined,
        expiresUntil: draft.until ? bureauTimeToIso(`${draft.until}T23:59:59`) : undefined,
      },
    });
  };
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const columns: Column<Row>[] = [
    { header: t('certificate.serialNumber'), cell: (c) => <code>{c.serialNumber}</code> },
    { header: t('certificate.subject'), cell: (c) => c.subject },
    { header: t('application.certificateKind'), cell: (c) => (c.kind ? t(`certificateKind.${c.kind}`) : '—') },
    { header: t('certificate.usage'), cell: (c) => (c.usage ? t(`usage.${c.usage}`) : '—') },
    { header: t('application.hierarchy'), cell: (c) => (c.hierarchy ? t(`hierarchy.${c.hierarchy}`) : '—') },
    {
      header: t('certificate.validity'),
      cell: (c) => `${formatDate(c.notBefore, i18n.language)} – ${formatDate(c.notAfter, i18n.language)}`,
    },
    { header: t('certificate.state'), cell: (c) => (c.state ? t(`certificateState.${c.state}`) : '—') },
    {
      header: t('common.actions'),
      cell: (c) => (
        <button type="button" className="secondary" onClick={() => setSelectedId(c.id)}>
          {t('certificate.manage', { serial: c.serialNumber })}
        </button>
      ),
    },
  ];
  return (
    <Page title={t('certificate.title')}>
      <form onSubmit={submit} className="form-wide">
        <Field
          label={t('certificate.subject')}
          hint={t('certificate.subjectHint')}
          value={draft.subject}
          onChange={set('subject')}
        />
        <Field label={t('certificate.serialNumber')} value={draft.serialNumber} onChange={set('serialNumber')} />
        <SelectField
          label={t('certificate.state')}
          value={draft.state}
          onChange={set('state')}
          choices={[
            { value: '', label: t('certificate.anyState') },
            ...states.map((s) => ({ value: s, label: t(`certificateState.${s}`) })),
          ]}
        />
        <Field label={t('certificate.holder')} value={draft.holderUserId} onChange={set('holderUserId')} />
        <Field
          label={t('certificate.insuranceNumber')}
          value={draft.insuranceNumber}
          onChange={set('insuranceNumber')}
        />
        <Field label={t('certificate.creditCode')} value={draft.creditCode} onChange={set('creditCode')} />
        <Field label={t('certificate.expiresFrom')} type="date" value={draft.from} onChange={set('from')} />
        <Field label={t('certificate.expiresUntil')} type="date" value={draft.until} onChange={set('until')} />
        <div className="actions">
          <button type="submit">{t('common.search')}</button>
        </div>
      </form>
      <ErrorAlert error={active.error} />
      {search && active.isFetching && <Loading />}
      {page && (
        <>
          <p>{t('certificate.total', { total: page.total })}</p>
          <DataTable caption={t('certificate.title')} columns={columns} rows={page.certificates} rowKey={(c) => c.id} />
        </>
      )}
      {selected && <CertificateActions key={selected.id} row={selected} onClose={() => setSelectedId(null)} />}
    </Page>
  );
}
