import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { branding, bureauName } from '../branding';
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

/** The footer of every page: the bureau, its hotline, the privacy notice and the ICP filing number (issue 17 item 4). */
export function SiteFooter() {
  const { t, i18n } = useTranslation();
  const { hotline, privacyUrl, icpFiling } = branding();
  return (
    <footer className="site-footer">
      <p>{bureauName(i18n.language)}</p>
      <ul className="footer-facts">
        <li>
          {t('common.hotline')} <a href={`tel:${hotline}`}>{hotline}</a>
        </li>
        <li>
          <a href={privacyUrl}>{t('common.privacyNotice')}</a>
        </li>
        {icpFiling && (
          <li>
            <a href="https://beian.miit.gov.cn/" rel="noreferrer">
              {icpFiling}
            </a>
          </li>
        )}
      </ul>
    </footer>
  );
}

/** The bureau (emblem and name, from the platform's settings) and the service, at the head of every page. */
export function BureauBrand(props: { service: string }) {
  const { i18n } = useTranslation();
  const { emblemUrl } = branding();
  return (
    <span className="brand">
      {emblemUrl && <img className="emblem" src={emblemUrl} alt="" />}
      <span className="bureau">{bureauName(i18n.language)}</span>
      <span className="service">{props.service}</span>
    </span>
  );
}

/**
 * The frame of every page: skip link, header with the bureau (emblem and name, from the platform's
 * settings) and the service's `brand`, navigation, language and account, then main and the footer.
 */
export function Layout(props: { brand: string; nav: NavItem[]; account?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="site-header">
        <BureauBrand service={props.brand} />
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
      <SiteFooter />
    </>
  );
}

/**
 * A page's heading, also the document title. `focusHeading`: the page is a step of a flow, so its
 * heading takes the focus when the step shows (screen readers announce where the person now is).
 */
export function Page(props: { title: string; children: ReactNode; actions?: ReactNode; focusHeading?: boolean }) {
  const { i18n } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${bureauName(i18n.language)}`;
  }, [props.title, i18n.language]);
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

/**
 * The heading of a flow's current step (issue 17 item 3). Whenever another step shows, its heading
 * takes the focus and the live region beside it says "step n of m: title", so a screen reader tells
 * where the person now is. Render it once per flow at the same place, so the live region is already
 * in the page when its words change (a region inserted together with its text is often not read).
 * Switching the language rewords the region but leaves the focus where it is.
 */
export function StepHeading(props: { title: string; step?: number; total?: number }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const [shown, setShown] = useState<number | undefined>();
  const { title, step, total } = props;
  useEffect(() => {
    heading.current?.focus();
    setShown(step ?? 0);
  }, [step]);
  const announcement =
    shown === undefined ? '' : step && total ? t('common.stepAnnouncement', { step, total, title }) : title;
  return (
    <>
      <h2 className="step-heading" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </>
  );
}
