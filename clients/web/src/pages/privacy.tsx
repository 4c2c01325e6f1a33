import { branding, bureauName, Page } from '@tessera/ui';
import { useTranslation } from 'react-i18next';

/** The privacy notice the footer links by default (BUREAU_PRIVACY_URL, issue 17 item 4). */
export default function PrivacyPage() {
  const { t, i18n } = useTranslation();
  const sections = ['collect', 'use', 'protect', 'contact'] as const;
  return (
    <Page title={t('privacy.title')}>
      <p>{t('privacy.intro', { bureau: bureauName(i18n.language) })}</p>
      {sections.map((section) => (
        <section key={section}>
          <h2>{t(`privacy.${section}Title`)}</h2>
          <p>{t(`privacy.${section}`, { hotline: branding().hotline })}</p>
        </section>
      ))}
    </Page>
  );
}
