import { Page } from '@tessera/ui';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

const parts = ['consultations', 'summary', 'phone', 'on-site', 'complaints', 'surveys'] as const;

/** The customer-service pages (CS-1..CS-6) share a heading and a second-level menu. */
export function ServicePage(props: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Page title={props.title}>
      <nav aria-label={t('service.menu')} className="subnav">
        <ul>
          {parts.map((part) => (
            <li key={part}>
              <NavLink to={`/service/${part}`}>{t(`service.${part}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {props.children}
    </Page>
  );
}
