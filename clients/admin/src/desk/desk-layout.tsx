import { BureauBrand, LanguageSwitch, SiteFooter } from '@tessera/ui';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

export interface DeskLink {
  to: string;
  label: string;
}

/** A group of the sidebar: its heading (none for the start page's own line) and the parts under it. */
export interface DeskGroup {
  key: string;
  label?: string;
  links: DeskLink[];
}

/**
 * The clerks' desk (issue 17 item 6): a header with brand, language and account; a sidebar of the
 * workbench's parts grouped by who works there, one line per part; the page beside it at full width.
 * Below 900 px the sidebar folds into a menu button that opens it above the page (closed again when
 * a part is chosen).
 */
export function DeskLayout(props: { brand: string; groups: DeskGroup[]; account?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const hasNav = props.groups.length > 0;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <div className={hasNav ? 'desk' : 'desk desk-bare'}>
        <header className="desk-header">
          {hasNav && (
            <button
              type="button"
              className="secondary desk-menu-button"
              aria-expanded={open}
              aria-controls="desk-nav"
              onClick={() => setOpen(!open)}
            >
              {t('common.menu')}
            </button>
          )}
          <BureauBrand service={props.brand} />
          <div className="header-tools">
            <LanguageSwitch />
            {props.account}
          </div>
        </header>
        {hasNav && (
          <nav id="desk-nav" className={open ? 'desk-nav open' : 'desk-nav'} aria-label={t('common.menu')}>
            {props.groups.map((group) => (
              <div key={group.key} className="desk-nav-group">
                {group.label && (
                  <p id={`desk-nav-${group.key}`} className="desk-nav-heading">
                    {group.label}
                  </p>
                )}
                <ul aria-labelledby={group.label ? `desk-nav-${group.key}` : undefined}>
                  {group.links.map((link) => (
                    <li key={link.to}>
                      <NavLink to={link.to} end={link.to === '/'} title={link.label} onClick={() => setOpen(false)}>
                        {link.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
        )}
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
      </div>
      <SiteFooter />
    </>
  );
}
