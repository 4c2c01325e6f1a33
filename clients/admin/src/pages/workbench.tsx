import { Page, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApplicationSearch } from '../components/application-search';
import { NextInQueue } from '../components/next-in-queue';
import { MeDocument } from '../gql/graphql';
import { hasAny, type StaffRole, useRoles } from '../roles';
import { sections } from '../sections';
import { ShortcutList } from '../shortcuts';

/** Who searches the RA's applications (the server's rule for `searchApplications`). */
const searchers: StaffRole[] = [
  'AGENCY_APPROVER',
  'ENTRY_CLERK',
  'REVIEW_CLERK',
  'ISSUING_CLERK',
  'ARCHIVE_CLERK',
  'ADMINISTRATOR',
  'AUDITOR',
];

/**
 * The clerk's start page: the next application in their queue and the search (issue 17 item 7), who
 * they are, their roles, the parts of the workbench those roles open, and the keyboard shortcuts.
 */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const me = useGraphQuery(MeDocument, {});
  const roles = useRoles();
  const allowed = sections.filter((section) => hasAny(roles, section.roles));
  return (
    <Page title={t('workbench.title')}>
      {me.data?.me && <p>{t('workbench.welcome', { name: me.data.me.displayName ?? me.data.me.username })}</p>}
      <NextInQueue />
      {hasAny(roles, searchers) && <ApplicationSearch />}
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
      {hasAny(roles, searchers) && <ShortcutList />}
    </Page>
  );
}
