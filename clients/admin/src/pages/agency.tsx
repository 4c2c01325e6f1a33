import { Page } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { ApplicationQueue } from '../components/application-queue';

/** RA-1: new issuance waits for the supervising social-insurance agency. */
export default function AgencyPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('agency.title')}>
      <p>{t('agency.intro')}</p>
      <ApplicationQueue title={t('agency.queue')} state="SUBMITTED" businessType="NEW" />
    </Page>
  );
}
