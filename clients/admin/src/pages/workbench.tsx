import { Page, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MeDocument } from '../gql/graphql';
import { hasAny, useRoles } from '../roles';
import { sections } from '../sections';

/** The clerk's start page: who they are, their roles, and the parts of the workbench those roles open. */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const me = useGraphQuery(MeDocument, {});
  const roles = useRoles();
  const allowed = sections.filter((section) => hasAny(roles, section.roles));
  return (
    <Page title={t('workbench.title')}>
      {me.data?.me && <p>{t('workbench.welcome', { name: me.data.me.displayName ?? me.data.me.username })}</p>}
      <h2>{t('workbench.roles')}</h2>
      <ul className="role-list">
        {[...roles].map((role) => (
          <li key={role}>{t(`role.${role}`)}</li>
        ))}
      </ul>
      <h2>{t('workbench.tasks')}</h2>
      {allowed.length === 0 ? (
        <p className="empty">{t('workbench.none')}</p>
      ) : (
        <ul className="cards section-cards">
          {allowed.map((section) => (
            <li key={section.key} className="card">
              <h3>
                <Link to={section.path}>{t(`section.${section.key}.nav`)}</Link>
              </h3>
              <p>{t(`section.${section.key}.about`)}</p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
