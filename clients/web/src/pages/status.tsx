import { DataTable, ErrorAlert, Field, Loading, Page, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CertificateKind } from '../components/certificate-kind';
import { CertificateState } from '../components/certificate-state';
import { useFormat } from '../format';
import {
  CertificateStatusByNumberDocument,
  CertificateStatusDocument,
  type CertificateStatusQuery,
  type SubjectMatch,
} from '../gql/graphql';

type Row = CertificateStatusQuery['certificateStatus']['certificates'][number];

const pageSize = 10;

/** How the term is matched: a subject name (exactly or in part), or a subscriber's number (GM/T 0015). */
type Match = SubjectMatch | 'NUMBER';

/**
 * The public certificate status query (CT-2): by subject name, exact or partial, or by a social-insurance
 * number or unified social credit code, a page at a time.
 */
export default function StatusPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const subject = params.get('subject') ?? '';
  const asked = params.get('match');
  const match: Match = asked === 'EXACT' || asked === 'NUMBER' ? asked : 'PARTIAL';
  const page = Math.max(Number(params.get('page') ?? '1') || 1, 1);
  const [draft, setDraft] = useState(subject);
  const [draftMatch, setDraftMatch] = useState<Match>(match);
  const slice = { first: pageSize, offset: (page - 1) * pageSize };
  const byName = useGraphQuery(
    CertificateStatusDocument,
    { subject, match: match === 'EXACT' ? 'EXACT' : 'PARTIAL', ...slice },
    { enabled: subject.trim() !== '' && match !== 'NUMBER' },
  );
  const byNumber = useGraphQuery(
    CertificateStatusByNumberDocument,
    { number: subject, ...slice },
    { enabled: subject.trim() !== '' && match === 'NUMBER' },
  );
  const result = match === 'NUMBER' ? byNumber : byName;
  const found = match === 'NUMBER' ? byNumber.data?.certificateStatusByNumber : byName.data?.certificateStatus;
  const total = found?.total ?? 0;
  const pages = Math.max(Math.ceil(total / pageSize), 1);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setParams({ subject: draft.trim(), match: draftMatch, page: '1' });
  };
  const go = (to: number) => setParams({ subject, match, page: String(to) });

  return (
    <Page title={t('status.title')}>
      <p>{t('status.intro')}</p>
      <search>
        <form onSubmit={search} className="search-form" noValidate>
          <Field
            label={t('status.subject')}
            name="subject"
            type="search"
            hint={t('status.subjectHint')}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <fieldset className="choices">
            <legend>{t('status.match')}</legend>
            {(['PARTIAL', 'EXACT', 'NUMBER'] as const).map((value) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name="match"
                  value={value}
                  checked={draftMatch === value}
                  onChange={() => setDraftMatch(value)}
                />
                {t(`status.matches.${value}`)}
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="submit">{t('common.search')}</button>
          </div>
        </form>
      </search>
      <ErrorAlert error={result.error} />
      {subject && result.isPending && <Loading />}
      {found && (
        <section aria-labelledby="status-results">
          <h2 id="status-results">{t('status.results', { total, subject })}</h2>
          <DataTable<Row>
            caption={t('status.results', { total, subject })}
            rows={found.certificates}
            rowKey={(row) => row.id}
            columns={[
              { header: t('certificate.subject'), cell: (row) => row.subject },
              { header: t('certificate.serialNumber'), cell: (row) => <code>{row.serialNumber}</code> },
              {
                header: t('certificate.kindUsage'),
                cell: (row) => <CertificateKind kind={row.kind} usage={row.usage} hierarchy={row.hierarchy} />,
              },
              {
                header: t('certificate.validity'),
                cell: (row) => `${format.date(row.notBefore)} – ${format.date(row.notAfter)}`,
              },
              { header: t('certificate.stateLabel'), cell: (row) => <CertificateState state={row.state} /> },
            ]}
          />
          {total > pageSize && (
            <nav className="pager" aria-label={t('status.pages')}>
              <button type="button" className="secondary" disabled={page <= 1} onClick={() => go(page - 1)}>
                {t('common.previousPage')}
              </button>
              <span aria-live="polite">{t('status.pageOf', { page, pages })}</span>
              <button type="button" className="secondary" disabled={page >= pages} onClick={() => go(page + 1)}>
                {t('common.nextPage')}
              </button>
            </nav>
          )}
        </section>
      )}
    </Page>
  );
}
