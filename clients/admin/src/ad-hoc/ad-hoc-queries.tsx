import { Page } from '@tessera/ui';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

/** GraphiQL and Monaco: megabytes, fetched only once this page shows, behind a progress indicator. */
const QueryEditor = lazy(() => import('./query-editor'));

/** What the page shows while the query editor loads (issue 17 item 10): a named, moving progress bar. */
function EditorLoading() {
  const { t } = useTranslation();
  return (
    <div className="editor-loading" role="status">
      <progress aria-label={t('adHoc.loadingEditor')} />
      <span>{t('adHoc.loadingEditor')}</span>
    </div>
  );
}

/**
 * Issue 6 item 6: ad-hoc queries for administrators and auditors, in GraphiQL, with saved examples.
 * The editor starts again in the new language when the language changes (its saved queries' comments
 * follow it); what was typed lives only as long as the editor anyway.
 */
export default function AdHocQueriesPage() {
  const { t, i18n } = useTranslation();
  return (
    <Page title={t('adHoc.title')}>
      <p>{t('adHoc.intro')}</p>
      <ul className="saved-queries">
        <li>{t('adHoc.bySubject')}</li>
        <li>{t('adHoc.byExpiry')}</li>
        <li>{t('adHoc.suspended')}</li>
      </ul>
      <div className="graphiql-frame">
        <Suspense fallback={<EditorLoading />}>
          <QueryEditor key={i18n.language} />
        </Suspense>
      </div>
    </Page>
  );
}
