import { ErrorAlert, Field, type GraphError, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApplicationState, SearchApplicationsDocument, type SearchApplicationsQuery } from '../gql/graphql';
import { ShortcutHint, shortcutKeys, useShortcut } from '../shortcuts';
import { boxLabel } from './box-label';

export type FoundApplication = SearchApplicationsQuery['searchApplications'][number];

/**
 * Issue 17 item 7: the search field of the RA's pages, by name, social-insurance number, credit code
 * or application number (the server's `searchApplications`). Enter searches; Alt+Shift+F comes here
 * (`shortcut`: only one field on a page takes it).
 */
export function useApplicationSearch(state?: ApplicationState) {
  const [text, setText] = useState('');
  const found = useGraphQuery(SearchApplicationsDocument, { text, state }, { enabled: text.length > 0 });
  return { text, setText, found };
}

export function ApplicationSearchField(props: {
  /** The field's label, when it searches less than everything (a queue); its hint names the fields. */
  label?: string;
  /** The button's text, to tell several search fields on one page apart. */
  button?: string;
  shortcut?: boolean;
  onSearch: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const focus = useCallback(() => form.current?.querySelector('input')?.focus(), []);
  useShortcut('search', props.shortcut ? focus : null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSearch(draft.trim());
  };
  return (
    <form ref={form} onSubmit={submit} className="inline-form">
      <Field
        label={props.label ?? t('clicks.searchLabel')}
        hint={t(props.label ? 'clicks.filterHint' : 'clicks.searchHint')}
        type="search"
        value={draft}
        maxLength={100}
        aria-keyshortcuts={props.shortcut ? shortcutKeys('search') : undefined}
        onChange={(e) => setDraft(e.target.value)}
      />
      <div className="actions">
        <button type="submit">
          {props.button ?? t('common.search')} {props.shortcut && <ShortcutHint name="search" />}
        </button>
      </div>
    </form>
  );
}

/** The applications found, each linking to its page, with where it stands. */
export function FoundApplications(props: { rows: FoundApplication[]; error: GraphError | null; searched: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={props.error} />
      {props.searched && props.rows.length === 0 && <p className="empty">{t('clicks.searchNone')}</p>}
      {props.rows.length > 0 && (
        <ul className="found-applications" data-testid="found-applications">
          {props.rows.map((a) => (
            <li key={a.id}>
              <Link
                to={`/applications/${a.id}`}
                aria-label={t('application.open', { name: a.subscriber?.name ?? a.id })}
              >
                {a.subscriber?.name ?? a.id.slice(0, 8)}
              </Link>{' '}
              {a.subscriber?.socialInsuranceNumber} · {a.businessType ? t(`businessType.${a.businessType}`) : ''} ·{' '}
              {a.state ? t(`state.${a.state}`) : ''}
              {a.archiveLocation && <> · {boxLabel(t, { ...a.archiveLocation, number: a.archiveLocation.box })}</>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The workbench's search: every application the clerk may open. */
export function ApplicationSearch() {
  const { t } = useTranslation();
  const { setText, found } = useApplicationSearch();
  return (
    <section aria-labelledby="application-search-heading">
      <h2 id="application-search-heading">{t('clicks.search')}</h2>
      <ApplicationSearchField shortcut onSearch={setText} />
      <FoundApplications rows={found.data?.searchApplications ?? []} error={found.error} searched={found.isSuccess} />
    </section>
  );
}
