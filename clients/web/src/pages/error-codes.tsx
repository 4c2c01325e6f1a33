import { ErrorAlert, Field, Loading, Page, useGraphQuery } from '@tessera/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { SupportEntriesDocument } from '../gql/graphql';

/** The client error-code lookup (CT-6): each code or symptom with its cause and fix. */
export default function ErrorCodesPage() {
  const { t } = useTranslation();
  const entries = useGraphQuery(SupportEntriesDocument, {});
  // An error's help link names its CT-6 code (`?code=-10101039`).
  const { search: query } = useLocation();
  const [search, setSearch] = useState(() => new URLSearchParams(query).get('code') ?? '');
  const term = search.trim().toLowerCase();
  const shown = (entries.data?.supportEntries ?? []).filter(
    (entry) =>
      !term ||
      (entry.errorCode ?? '').toLowerCase().includes(term) ||
      entry.symptom.toLowerCase().includes(term) ||
      entry.cause.toLowerCase().includes(term),
  );
  return (
    <Page title={t('errorCodes.title')}>
      <p>{t('errorCodes.intro')}</p>
      <search>
        <form onSubmit={(event) => event.preventDefault()} noValidate>
          <Field
            label={t('errorCodes.search')}
            name="code"
            type="search"
            hint={t('errorCodes.searchHint')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </form>
      </search>
      <ErrorAlert error={entries.error} />
      {entries.isPending ? (
        <Loading />
      ) : (
        <div className="cards support-entries" aria-live="polite">
          {shown.length === 0 && <p className="empty">{t('errorCodes.none')}</p>}
          {shown.map((entry) => (
            <article key={entry.key} className="card" data-code={entry.errorCode ?? entry.key}>
              <h2>{entry.errorCode ?? entry.symptom}</h2>
              <dl className="facts">
                {entry.errorCode && (
                  <>
                    <dt>{t('errorCodes.symptom')}</dt>
                    <dd>{entry.symptom}</dd>
                  </>
                )}
                <dt>{t('errorCodes.cause')}</dt>
                <dd>{entry.cause}</dd>
                <dt>{t('errorCodes.fix')}</dt>
                <dd>{entry.fix}</dd>
              </dl>
            </article>
          ))}
        </div>
      )}
    </Page>
  );
}
