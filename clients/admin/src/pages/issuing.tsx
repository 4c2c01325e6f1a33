import { Page } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { ApplicationQueue } from '../components/application-queue';

/** RA-11: approved applications to issue (or execute), issued certificates to hand over. */
export default function IssuingPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('issuing.pageTitle')}>
      <p>{t('issuing.intro')}</p>
      <ApplicationQueue title={t('issuing.approved')} state="APPROVED" columns={['reviewedBy']} />
      <ApplicationQueue title={t('issuing.toDeliver')} state="ISSUED" columns={['updatedAt']} />
    </Page>
  );
}
