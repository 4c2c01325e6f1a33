import { useGraphQuery } from '@tessera/ui';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { NextApplicationDocument } from '../gql/graphql';
import { hasAny, type StaffRole, useRoles } from '../roles';
import { ShortcutHint, shortcutKeys, useShortcut } from '../shortcuts';

/** The roles with steps in the workflow table, hence a queue. */
const queueRoles: StaffRole[] = ['AGENCY_APPROVER', 'ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ARCHIVE_CLERK'];

/**
 * Issue 17 item 7, "next in my queue": opens the application waiting longest for one of the clerk's
 * steps (the server reads the workflow table and RA-11), other than `after`, the one on screen.
 * One click, or Alt+Shift+N.
 */
export function NextInQueue(props: { after?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queued = hasAny(useRoles(), queueRoles);
  const next = useGraphQuery(
    NextApplicationDocument,
    { after: props.after ?? null },
    { refetchInterval: 15_000, enabled: queued },
  );
  const found = next.data?.nextApplication;
  const open = useCallback(() => {
    if (found) void navigate(`/applications/${found.id}`);
  }, [found, navigate]);
  useShortcut('next', found ? open : null);
  if (!queued || next.isPending || next.error) return null;
  return (
    <div className="actions next-in-queue">
      {found ? (
        <button type="button" onClick={open} aria-keyshortcuts={shortcutKeys('next')}>
          {t('clicks.next', { name: found.subscriber?.name ?? found.id.slice(0, 8) })} <ShortcutHint name="next" />
        </button>
      ) : (
        <p className="empty">{t('clicks.nextNone')}</p>
      )}
    </div>
  );
}
