import { useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { StaffNameDocument } from '../gql/graphql';

/** The display name of the staff member (or citizen) behind an id the RA recorded. */
export function StaffName({ id }: { id: string | null | undefined }) {
  const { t } = useTranslation();
  const system = id === 'system';
  const user = useGraphQuery(
    StaffNameDocument,
    { id: id ?? '' },
    { enabled: Boolean(id) && !system, staleTime: 300_000 },
  );
  if (!id) return <>—</>;
  if (system) return <>{t('application.system')}</>;
  const found = user.data?.user;
  return <span data-user-id={id}>{found ? (found.displayName ?? found.username) : id.slice(0, 8)}</span>;
}
