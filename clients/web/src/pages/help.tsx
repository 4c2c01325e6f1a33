import { ErrorAlert, Loading, Page, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FaqDocument } from '../gql/graphql';

/** Help (ID-19): the answers to the questions citizens ask, in the UI language. */
export default function HelpPage() {
  const { t, i18n } = useTranslation();
  const faq = useGraphQuery(FaqDocument, { locale: i18n.language });
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
            <details key={entry.id}>
              <summary>{entry.question}</summary>
              <p>{entry.answer}</p>
            </details>
          ))}
        </div>
      )}
    </Page>
  );
}
