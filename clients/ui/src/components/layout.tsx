import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { type Language, languages } from '../i18n';

export interface NavItem {
  to: string;
  label: string;
}

const languageNames: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('common.language')}</span>
      <select value={i18n.language} onChange={(event) => void i18n.changeLanguage(event.target.value)}>
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {languageNames[language]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The frame of every page: skip link, header with brand, navigation, language and account, then main. */
export function Layout(props: { brand: string; nav: NavItem[]; account?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="site-header">
        <span className="brand">{props.brand}</span>
        <nav aria-label={t('common.menu')}>
          <ul>
            {props.nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSwitch />
          {props.account}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}

/**
 * A page's heading, also the document title. `focusHeading`: the page is a step of a flow, so its
 * heading takes the focus when the step shows (screen readers announce where the person now is).
 */
export function Page(props: { title: string; children: ReactNode; actions?: ReactNode; focusHeading?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · Tessera`;
  }, [props.title]);
  useEffect(() => {
    if (props.focusHeading) heading.current?.focus();
  }, [props.focusHeading]);
  return (
    <section className="page">
      <div className="page-heading">
        <h1 ref={heading} tabIndex={props.focusHeading ? -1 : undefined}>
          {props.title}
        </h1>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}
