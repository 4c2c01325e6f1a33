import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

const links = [
  { to: '/account', key: 'account.nav.profile' },
  { to: '/account/password', key: 'account.nav.password' },
  { to: '/account/security-questions', key: 'account.nav.questions' },
  { to: '/account/sessions', key: 'account.nav.sessions' },
];

/** The account pages' own menu. */
export function AccountNav() {
  const { t } = useTranslation();
  return (
    <nav className="sub-nav" aria-label={t('account.nav.label')}>
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} end>
              {t(link.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
