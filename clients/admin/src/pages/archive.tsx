import { Page } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApplicationQueue } from '../components/application-queue';
import { ArchiveBoxLabelView, ArchiveBoxView, Cabinets, FindArchivedFile } from '../components/archive-boxes';
import { useRoles } from '../roles';

/**
 * RA-16: files to box (automatically: 100 new or 150 renewal files a box), boxes in cabinets, then
 * completion. `?box=<id>` shows one box, `&label=1` its printable label.
 */
export default function ArchivePage() {
  const { t } = useTranslation();
  const roles = useRoles();
  const [params] = useSearchParams();
  const box = params.get('box');
  if (box) return params.get('label') ? <ArchiveBoxLabelView id={box} /> : <ArchiveBoxView id={box} />;
  return (
    <Page title={t('archive.title')}>
      <p>{t('archive.intro')}</p>
      {roles.has('ARCHIVE_CLERK') && (
        <>
          <ApplicationQueue title={t('archive.delivered')} state="DELIVERED" columns={['updatedAt']} bulkArchive />
          <ApplicationQueue title={t('archive.executed')} state="EXECUTED" columns={['updatedAt']} bulkArchive />
          <ApplicationQueue title={t('archive.boxed')} state="ARCHIVED" columns={['archiveLocation']} />
        </>
      )}
      <FindArchivedFile />
      <Cabinets />
    </Page>
  );
}
