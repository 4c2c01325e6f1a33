import { type Column, DataTable, ErrorAlert, Field, Notice, Page, useGraphMutation, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import {
  CreateStaffAccountDocument,
  EndUserSessionsDocument,
  ForcePasswordResetDocument,
  LockUserDocument,
  ResetStaffPasswordDocument,
  SearchUsersDocument,
  type SearchUsersQuery,
  UnlockUserDocument,
  UserHistoryDocument,
} from '../gql/graphql';
import { staffRoles } from '../roles';

type Row = SearchUsersQuery['searchUsers'][number];
const refresh = ['SearchUsers', 'UserHistory'];

/** The secret of an `otpauth://` URI, for typing into an authenticator app. */
function totpSecret(uri: string): string {
  return new URL(uri).searchParams.get('secret') ?? '';
}

function Credentials(props: { password: string; totpUri?: string | null }) {
  const { t } = useTranslation();
  return (
    <Notice tone="warning">
      <p>{t('users.shownOnce')}</p>
      <dl className="facts">
        <dt>{t('users.password')}</dt>
        <dd>
          <code data-testid="initial-password">{props.password}</code>
        </dd>
        {props.totpUri && (
          <>
            <dt>{t('users.totpSecret')}</dt>
            <dd>
              <code data-testid="totp-secret">{totpSecret(props.totpUri)}</code>
            </dd>
            <dt>{t('users.totpUri')}</dt>
            <dd>
              <code>{props.totpUri}</code>
            </dd>
          </>
        )}
      </dl>
    </Notice>
  );
}

/** ID-18: what an administrator does to one account, and its sign-in, verification and admin history. */
function UserPanel({ user }: { user: Row }) {
  const { t, i18n } = useTranslation();
  const history = useGraphQuery(UserHistoryDocument, { userId: user.id });
  const [notice, setNotice] = useState<string | null>(null);
  const done = (key: string) => () => setNotice(t(key));
  const lock = useGraphMutation(LockUserDocument, { invalidates: refresh, onSuccess: done('users.lockedDone') });
  const unlock = useGraphMutation(UnlockUserDocument, { invalidates: refresh, onSuccess: done('users.unlockedDone') });
  const force = useGraphMutation(ForcePasswordResetDocument, {
    invalidates: refresh,
    onSuccess: done('users.forcedDone'),
  });
  const end = useGraphMutation(EndUserSessionsDocument, {
    invalidates: refresh,
    onSuccess: ({ endUserSessions }) => setNotice(t('users.sessionsEnded', { count: endUserSessions })),
  });
  const reset = useGraphMutation(ResetStaffPasswordDocument, { invalidates: refresh });
  const id = { userId: user.id };
  const error = lock.error ?? unlock.error ?? force.error ?? end.error ?? reset.error ?? history.error;
  return (
    <section aria-labelledby="user-panel" className="card">
      <h2 id="user-panel">{t('users.manage', { name: user.displayName ?? user.username })}</h2>
      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorAlert error={error} />
      <div className="actions">
        {user.locked ? (
          <button type="button" onClick={() => unlock.mutate(id)}>
            {t('users.unlock')}
          </button>
        ) : (
          <button type="button" className="danger" onClick={() => lock.mutate(id)}>
            {t('users.lock')}
          </button>
        )}
        <button type="button" className="secondary" onClick={() => force.mutate(id)}>
          {t('users.forceReset')}
        </button>
        <button type="button" className="secondary" onClick={() => end.mutate(id)}>
          {t('users.endSessions')}
        </button>
        {user.kind === 'STAFF' && (
          <button
            type="button"
            className="secondary"
            onClick={() => reset.mutate({ userId: user.id, newSecondFactor: true })}
          >
            {t('users.resetStaff')}
          </button>
        )}
      </div>
      {reset.data && (
        <Credentials
          password={reset.data.resetStaffPassword.temporaryPassword}
          totpUri={reset.data.resetStaffPassword.totpUri}
        />
      )}
      {history.data && (
        <>
          <h3>{t('users.signIns')}</h3>
          <DataTable
            caption={t('users.signIns')}
            rows={history.data.userSignIns}
            rowKey={(r) => `${r.at}-${r.method}-${r.outcome}`}
            columns={[
              { header: t('users.at'), cell: (r) => formatDateTime(r.at, i18n.language) },
              { header: t('users.method'), cell: (r) => r.method },
              { header: t('users.outcome'), cell: (r) => r.outcome },
            ]}
          />
          <h3>{t('users.verifications')}</h3>
          <DataTable
            caption={t('users.verifications')}
            rows={history.data.userVerifications}
            rowKey={(r) => `${r.at}-${r.reason}`}
            columns={[
              { header: t('users.at'), cell: (r) => formatDateTime(r.at, i18n.language) },
              { header: t('users.reason'), cell: (r) => r.reason },
              { header: t('users.bank'), cell: (r) => r.bankCode },
              { header: t('users.outcome'), cell: (r) => r.outcome },
            ]}
          />
          <h3>{t('users.adminActions')}</h3>
          <DataTable
            caption={t('users.adminActions')}
            rows={history.data.userAdminActions}
            rowKey={(r) => r.id}
            columns={[
              { header: t('users.at'), cell: (r) => formatDateTime(r.at, i18n.language) },
              { header: t('users.action'), cell: (r) => r.action },
              { header: t('users.actor'), cell: (r) => r.actorId.slice(0, 8) },
            ]}
          />
        </>
      )}
    </section>
  );
}

function CreateStaff() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const create = useGraphMutation(CreateStaffAccountDocument);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ input: { username, displayName, roles } });
  };
  const created = create.data?.createStaffAccount;
  return (
    <section aria-labelledby="create-staff">
      <h2 id="create-staff">{t('users.create')}</h2>
      {created && (
        <>
          <Notice tone="success">{t('users.created', { username: created.user.username })}</Notice>
          <Credentials password={created.initialPassword} totpUri={created.totpUri} />
        </>
      )}
      <form onSubmit={submit}>
        <ErrorAlert error={create.error} />
        <Field
          label={t('users.username')}
          required
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          label={t('users.displayName')}
          required
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <fieldset>
          <legend>{t('users.roles')}</legend>
          {staffRoles.map((role) => (
            <label key={role} className="checkbox">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(e) => setRoles((r) => (e.target.checked ? [...r, role] : r.filter((x) => x !== role)))}
              />
              {t(`role.${role}`)}
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            {t('users.createSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** ID-18: user comprehensive management. */
export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState({ username: '', name: '', phone: '', idNumber: '' });
  const [input, setInput] = useState<typeof draft | null>(null);
  const found = useGraphQuery(
    SearchUsersDocument,
    {
      input: Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v.trim())) as typeof draft,
    },
    { enabled: input !== null },
  );
  const [selected, setSelected] = useState<string | null>(null);
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const columns: Column<Row>[] = [
    { header: t('users.username'), cell: (u) => u.username },
    { header: t('users.displayName'), cell: (u) => u.displayName ?? '—' },
    { header: t('users.kind'), cell: (u) => (u.kind ? t(`accountKind.${u.kind}`) : '—') },
    { header: t('users.idNumber'), cell: (u) => u.idNumberMasked ?? '—' },
    { header: t('users.phone'), cell: (u) => u.phoneMasked ?? '—' },
    { header: t('users.verifiedAt'), cell: (u) => formatDateTime(u.verifiedAt, i18n.language) },
    { header: t('users.locked'), cell: (u) => (u.locked ? t('common.yes') : t('common.no')) },
    {
      header: t('common.actions'),
      cell: (u) => (
        <button type="button" className="secondary" onClick={() => setSelected(u.id)}>
          {t('users.manage', { name: u.displayName ?? u.username })}
        </button>
      ),
    },
  ];
  const user = found.data?.searchUsers.find((u) => u.id === selected);
  return (
    <Page title={t('users.title')}>
      <form
        className="form-wide"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setSelected(null);
          setInput(draft);
        }}
      >
        <Field label={t('users.username')} value={draft.username} onChange={set('username')} />
        <Field label={t('users.name')} value={draft.name} onChange={set('name')} />
        <Field label={t('users.phone')} inputMode="tel" value={draft.phone} onChange={set('phone')} />
        <Field label={t('users.idNumber')} value={draft.idNumber} onChange={set('idNumber')} />
        <div className="actions">
          <button type="submit">{t('common.search')}</button>
        </div>
      </form>
      <ErrorAlert error={found.error} />
      {found.data && (
        <DataTable caption={t('users.title')} columns={columns} rows={found.data.searchUsers} rowKey={(u) => u.id} />
      )}
      {user && <UserPanel key={user.id} user={user} />}
      <CreateStaff />
    </Page>
  );
}
