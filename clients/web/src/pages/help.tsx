import { ErrorAlert, Loading, Page, useGraphQuery } from '@tessera/ui';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { FaqDocument } from '../gql/graphql';

/** Help (ID-19): the answers to the questions citizens ask, in the UI language. */
export default function HelpPage() {
  const { t, i18n } = useTranslation();
  const faq = useGraphQuery(FaqDocument, { locale: i18n.language });
  // An error's help link names its entry (`/help#identity-mismatch`): it opens, the rest stay closed.
  const linked = decodeURIComponent(useLocation().hash.slice(1));
  const loaded = Boolean(faq.data);
  useEffect(() => {
    if (loaded && linked) document.getElementById(linked)?.scrollIntoView();
  }, [loaded, linked]);
  return (
    <Page title={t('help.title')}>
      <p>
        {t('help.intro')} <Link to="/help/error-codes">{t('help.errorCodes')}</Link>
      </p>
      <ErrorAlert error={faq.error} />
      {faq.isPending ? (
        <Loading />
      ) : (
        <div className="faq">
          {faq.data?.faq.map((entry) => (
            <details key={entry.id} id={entry.id} open={entry.id === linked || undefined}>
              <summary>{entry.question}</summary>
              <p>{entry.answer}</p>
            </details>
          ))}
        </div>
      )}
    </Page>
  );
}
