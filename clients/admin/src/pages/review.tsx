import { Page } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { ApplicationQueue } from '../components/application-queue';

/** RA-11: entered applications wait for a review clerk who did not enter them (four eyes). */
export default function ReviewPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('review.title')}>
      <p>{t('review.intro')}</p>
      <ApplicationQueue title={t('review.queue')} state="ENTERED" columns={['origin', 'enteredBy']} />
    </Page>
  );
}
