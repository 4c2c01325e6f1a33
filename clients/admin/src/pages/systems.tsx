import {
  type Column,
  DataTable,
  ErrorAlert,
  Field,
  type GraphError,
  Notice,
  Page,
  SelectField,
  useGraphMutation,
  useGraphQuery,
} from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AddressList } from '../components/address-list';
import { StaffName } from '../components/staff-name';
import { formatDateTime } from '../format';
import {
  ApplicationSystemActionsDocument,
  type ApplicationSystemFieldsFragment,
  type ApplicationSystemInput,
  type ApplicationSystemStatus,
  ApplicationSystemsDocument,
  type ClientAuthMethod,
  IssuedSystemTokensDocument,
  RegisterApplicationSystemDocument,
  RotateApplicationSecretDocument,
  SetApplicationSystemStatusDocument,
  UpdateApplicationSystemDocument,
} from '../gql/graphql';
import { useRoles } from '../roles';

type System = ApplicationSystemFieldsFragment;
const refresh = ['ApplicationSystems', 'ApplicationSystemActions'];

/** The scopes an administrator may grant, each with the key of its words. */
const grantableScopes = [
  { scope: 'openid', key: 'openid' },
  { scope: 'profile', key: 'profile' },
  { scope: 'real_name', key: 'realName' },
  { scope: 'phone', key: 'phone' },
  { scope: 'offline_access', key: 'offlineAccess' },
  { scope: 'identity:verified-identity', key: 'verifiedIdentity' },
  { scope: 'signature:verify', key: 'signatureVerify' },
] as const;

const authMethods: ClientAuthMethod[] = ['CLIENT_SECRET_BASIC', 'CLIENT_SECRET_POST', 'PRIVATE_KEY_JWT', 'NONE'];

/** What the form holds: the numbers as typed. */
interface Draft {
  code: string;
  name: string;
  owner: string;
  scopes: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string;
  tokenEndpointAuthMethod: ClientAuthMethod;
  jwksUri: string;
  jwks: string;
  requiresRealName: boolean;
  consentRequired: boolean;
  pairwiseSubject: boolean;
  accessTokenTtlSeconds: string;
  idTokenTtlSeconds: string;
  refreshTokenTtlSeconds: string;
}

const newDraft: Draft = {
  code: '',
  name: '',
  owner: '',
  scopes: ['openid', 'profile'],
  redirectUris: [''],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: '',
  tokenEndpointAuthMethod: 'CLIENT_SECRET_BASIC',
  jwksUri: '',
  jwks: '',
  requiresRealName: false,
  consentRequired: true,
  pairwiseSubject: false,
  accessTokenTtlSeconds: '600',
  idTokenTtlSeconds: '600',
  refreshTokenTtlSeconds: '28800',
};

function draftOf(system: System): Draft {
  return {
    ...system,
    backchannelLogoutUri: system.backchannelLogoutUri ?? '',
    jwksUri: system.jwksUri ?? '',
    jwks: system.jwks ?? '',
    accessTokenTtlSeconds: String(system.accessTokenTtlSeconds),
    idTokenTtlSeconds: String(system.idTokenTtlSeconds),
    refreshTokenTtlSeconds: String(system.refreshTokenTtlSeconds),
  };
}

/** The draft as the graph takes it: blank addresses left out, keys only for private-key authentication. */
function inputOf(draft: Draft): ApplicationSystemInput {
  const keys = draft.tokenEndpointAuthMethod === 'PRIVATE_KEY_JWT';
  return {
    code: draft.code,
    name: draft.name,
    owner: draft.owner,
    scopes: draft.scopes,
    redirectUris: draft.redirectUris.filter((u) => u.trim()),
    postLogoutRedirectUris: draft.postLogoutRedirectUris.filter((u) => u.trim()),
    backchannelLogoutUri: draft.backchannelLogoutUri.trim() || null,
    tokenEndpointAuthMethod: draft.tokenEndpointAuthMethod,
    jwksUri: (keys && draft.jwksUri.trim()) || null,
    jwks: (keys && draft.jwks.trim()) || null,
    requiresRealName: draft.requiresRealName,
    consentRequired: draft.consentRequired,
    pairwiseSubject: draft.pairwiseSubject,
    accessTokenTtlSeconds: Number(draft.accessTokenTtlSeconds),
    idTokenTtlSeconds: Number(draft.idTokenTtlSeconds),
    refreshTokenTtlSeconds: Number(draft.refreshTokenTtlSeconds),
  };
}

/** ID-17: the business systems relying on the unified authentication, and their single sign-on settings. */
export default function SystemsPage() {
  const { t, i18n } = useTranslation();
  const admin = useRoles().has('ADMINISTRATOR');
  const list = useGraphQuery(ApplicationSystemsDocument, {});
  const [secret, setSecret] = useState<{ code: string; secret: string | null } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const register = useGraphMutation(RegisterApplicationSystemDocument, {
    invalidates: refresh,
    onSuccess: ({ registerApplicationSystem: r }) => {
      setSecret({ code: r.system.code, secret: r.clientSecret });
      setFormKey((k) => k + 1);
    },
  });
  const rotate = useGraphMutation(RotateApplicationSecretDocument, {
    invalidates: refresh,
    onSuccess: ({ rotateApplicationSecret: r }) => setSecret({ code: r.system.code, secret: r.clientSecret }),
  });
  const status = useGraphMutation(SetApplicationSystemStatusDocument, { invalidates: refresh });
  const setStatus = (code: string, next: ApplicationSystemStatus) => status.mutate({ code, status: next });
  const systems = list.data?.applicationSystems ?? [];
  const edited = systems.find((s) => s.code === editing);
  const columns: Column<System>[] = [
    { header: t('systems.code'), cell: (s) => <code>{s.code}</code> },
    { header: t('systems.name'), cell: (s) => s.name },
    { header: t('systems.owner'), cell: (s) => s.owner },
    { header: t('systems.scopes'), cell: (s) => s.scopes.join(' ') },
    { header: t('systems.redirectUris'), cell: (s) => s.redirectUris.join(' ') || '—' },
    { header: t('systems.authMethod'), cell: (s) => t(`authMethod.${s.tokenEndpointAuthMethod}`) },
    { header: t('systems.status'), cell: (s) => t(`systemStatus.${s.status}`) },
    { header: t('systems.secretIssuedAt'), cell: (s) => formatDateTime(s.secretIssuedAt, i18n.language) },
    {
      header: t('common.actions'),
      cell: (s: System) => (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setEditing(s.code)}>
            {admin ? t('systems.edit', { code: s.code }) : t('systems.view', { code: s.code })}
          </button>
          {admin && s.status !== 'RETIRED' && (
            <>
              {s.tokenEndpointAuthMethod !== 'NONE' && (
                <button type="button" className="secondary" onClick={() => rotate.mutate({ code: s.code })}>
                  {t('systems.rotate', { code: s.code })}
                </button>
              )}
              {s.status === 'ACTIVE' ? (
                <button type="button" className="secondary" onClick={() => setStatus(s.code, 'SUSPENDED')}>
                  {t('systems.suspend')}
                </button>
              ) : (
                <button type="button" className="secondary" onClick={() => setStatus(s.code, 'ACTIVE')}>
                  {t('systems.activate')}
                </button>
              )}
              <button type="button" className="danger" onClick={() => setStatus(s.code, 'RETIRED')}>
                {t('systems.retire')}
              </button>
            </>
          )}
        </div>
      ),
    },
  ];
  return (
    <Page title={t('systems.title')}>
      <ErrorAlert error={list.error ?? rotate.error ?? status.error} />
      {secret && (
        <Notice tone="warning">
          {secret.secret ? (
            <>
              <p>{t('systems.secretOnce', { code: secret.code })}</p>
              <code data-testid="client-secret">{secret.secret}</code>
            </>
          ) : (
            <p>{t('systems.publicClient', { code: secret.code })}</p>
          )}
        </Notice>
      )}
      <DataTable caption={t('systems.title')} columns={columns} rows={systems} rowKey={(s) => s.code} />
      {edited && <SystemDetails key={edited.code} system={edited} admin={admin} onClose={() => setEditing(null)} />}
      {admin && (
        <section aria-labelledby="register-system">
          <h2 id="register-system">{t('systems.register')}</h2>
          <SystemForm
            key={formKey}
            initial={newDraft}
            registering
            pending={register.isPending}
            error={register.error}
            submitLabel={t('systems.registerSubmit')}
            onSubmit={(draft) => register.mutate({ input: inputOf(draft) })}
          />
        </section>
      )}
    </Page>
  );
}

/** One system's settings, changed by administrators, and what administrators did to it. */
function SystemDetails({ system, admin, onClose }: { system: System; admin: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [saved, setSaved] = useState(false);
  const update = useGraphMutation(UpdateApplicationSystemDocument, {
    invalidates: refresh,
    onSuccess: () => setSaved(true),
  });
  const actions = useGraphQuery(ApplicationSystemActionsDocument, { code: system.code });
  const changedOf = (detail: string | null) => {
    if (!detail) return '—';
    return Object.keys(JSON.parse(detail) as Record<string, unknown>)
      .map((name) => t(`systemSetting.${name}`, { defaultValue: name }))
      .join(t('systems.listSeparator'));
  };
  return (
    <section aria-labelledby="system-details">
      <h2 id="system-details">{t('systems.details', { name: system.name, code: system.code })}</h2>
      {saved && <Notice tone="success">{t('systems.saved')}</Notice>}
      <SystemForm
        initial={draftOf(system)}
        readOnly={!admin}
        pending={update.isPending}
        error={update.error}
        submitLabel={t('systems.save')}
        onSubmit={(draft) => {
          setSaved(false);
          const { code: _code, ...changes } = inputOf(draft);
          update.mutate({ code: system.code, input: changes });
        }}
      />
      <h3>{t('systems.history')}</h3>
      <ErrorAlert error={actions.error} />
      <DataTable
        caption={t('systems.history')}
        rows={actions.data?.applicationSystemActions ?? []}
        rowKey={(a) => a.id}
        columns={[
          { header: t('systems.at'), cell: (a) => formatDateTime(a.at, i18n.language) },
          { header: t('systems.action'), cell: (a) => t(`systemAction.${a.action}`, { defaultValue: a.action }) },
          { header: t('systems.changed'), cell: (a) => changedOf(a.detail) },
          { header: t('systems.actor'), cell: (a) => <StaffName id={a.actorId} /> },
        ]}
      />
      <IssuedTokens code={system.code} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>
          {t('systems.close')}
        </button>
      </div>
    </section>
  );
}

/** The token responses the provider gave the system, newest first (issue 12: audit of what each system received). */
function IssuedTokens({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const issued = useGraphQuery(IssuedSystemTokensDocument, { systemCode: code, limit: 50 });
  const words = (prefix: string, names: string[]) =>
    names.map((name) => t(`${prefix}.${name}`, { defaultValue: name })).join(t('systems.listSeparator'));
  const rows = issued.data?.issuedSystemTokens ?? [];
  return (
    <section aria-labelledby="issued-tokens">
      <h3 id="issued-tokens">{t('systems.issuedTokens')}</h3>
      <ErrorAlert error={issued.error} />
      {issued.isSuccess && rows.length === 0 ? (
        <p>{t('systems.noIssuedTokens')}</p>
      ) : (
        <DataTable
          caption={t('systems.issuedTokens')}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { header: t('systems.issuedAt'), cell: (r) => formatDateTime(r.issuedAt, i18n.language) },
            { header: t('systems.grantType'), cell: (r) => words('grantType', [r.grantType]) },
            { header: t('systems.scopes'), cell: (r) => <code>{r.scopes.join(' ')}</code> },
            { header: t('systems.tokens'), cell: (r) => words('tokenKind', r.tokens) },
            {
              header: t('systems.user'),
              cell: (r) => (r.userId ? <code title={r.userId}>{`${r.userId.slice(0, 8)}…`}</code> : '—'),
            },
            { header: t('systems.requestId'), cell: (r) => (r.requestId ? <code>{r.requestId}</code> : '—') },
          ]}
        />
      )}
    </section>
  );
}

/** The form of a system's registration or of its later changes (the code is fixed once registered). */
function SystemForm({
  initial,
  registering = false,
  readOnly = false,
  pending,
  error,
  submitLabel,
  onSubmit,
}: {
  initial: Draft;
  registering?: boolean;
  readOnly?: boolean;
  pending: boolean;
  error: GraphError | null;
  submitLabel: string;
  onSubmit: (draft: Draft) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const set = <K extends keyof Draft>(name: K, value: Draft[K]) => setDraft((d) => ({ ...d, [name]: value }));
  const fieldOf = error?.extensions.field;
  const errorOn = (...fields: string[]) => (error && fields.includes(String(fieldOf)) ? error.message : undefined);
  const text = (name: 'name' | 'owner' | 'backchannelLogoutUri' | 'jwksUri', hint?: string) => (
    <Field
      label={t(`systemSetting.${name}`)}
      hint={hint}
      required={name === 'name' || name === 'owner'}
      value={draft[name]}
      error={errorOn(name)}
      onChange={(e) => set(name, e.target.value)}
    />
  );
  const ttl = (name: 'accessTokenTtlSeconds' | 'idTokenTtlSeconds' | 'refreshTokenTtlSeconds', hint: string) => (
    <Field
      label={t(`systemSetting.${name}`)}
      hint={hint}
      type="number"
      required
      value={draft[name]}
      error={errorOn(name)}
      onChange={(e) => set(name, e.target.value)}
    />
  );
  const flag = (name: 'requiresRealName' | 'consentRequired' | 'pairwiseSubject') => (
    <label className="checkbox">
      <input type="checkbox" checked={draft[name]} onChange={(e) => set(name, e.target.checked)} />
      {t(`systemSetting.${name}`)}
    </label>
  );
  return (
    <form
      className="system-settings"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit(draft);
      }}
    >
      {!fieldOf && <ErrorAlert error={error} />}
      <fieldset disabled={readOnly} className="system-form">
        {registering && (
          <Field
            label={t('systemSetting.code')}
            hint={t('systems.codeHint')}
            required
            value={draft.code}
            error={errorOn('code')}
            onChange={(e) => set('code', e.target.value)}
          />
        )}
        {text('name')}
        {text('owner')}
        <fieldset className={errorOn('scopes') ? 'field-invalid' : undefined}>
          <legend>{t('systemSetting.scopes')}</legend>
          {grantableScopes.map(({ scope, key }) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                checked={draft.scopes.includes(scope)}
                onChange={(e) =>
                  set('scopes', e.target.checked ? [...draft.scopes, scope] : draft.scopes.filter((s) => s !== scope))
                }
              />
              {t(`scope.${key}`)}
            </label>
          ))}
          {errorOn('scopes') && (
            <p className="field-error" role="alert">
              {errorOn('scopes')}
            </p>
          )}
        </fieldset>
        <AddressList
          label={t('systemSetting.redirectUris')}
          hint={t('systems.redirectUrisHint')}
          error={errorOn('redirectUris')}
          addresses={draft.redirectUris}
          onChange={(uris) => set('redirectUris', uris)}
        />
        <AddressList
          label={t('systemSetting.postLogoutRedirectUris')}
          hint={t('systems.postLogoutRedirectUrisHint')}
          error={errorOn('postLogoutRedirectUris')}
          addresses={draft.postLogoutRedirectUris}
          onChange={(uris) => set('postLogoutRedirectUris', uris)}
        />
        {text('backchannelLogoutUri', t('systems.backchannelLogoutUriHint'))}
        <SelectField
          label={t('systemSetting.tokenEndpointAuthMethod')}
          hint={t('systems.authMethodHint')}
          value={draft.tokenEndpointAuthMethod}
          error={errorOn('tokenEndpointAuthMethod')}
          onChange={(e) => set('tokenEndpointAuthMethod', e.target.value as ClientAuthMethod)}
          choices={authMethods.map((m) => ({ value: m, label: t(`authMethod.${m}`) }))}
        />
        {draft.tokenEndpointAuthMethod === 'PRIVATE_KEY_JWT' && (
          <>
            {text('jwksUri', t('systems.jwksUriHint'))}
            <div className={errorOn('jwks') ? 'field field-invalid' : 'field'}>
              <label>
                {t('systemSetting.jwks')}
                <textarea rows={6} value={draft.jwks} onChange={(e) => set('jwks', e.target.value)} />
              </label>
              <p className="field-hint">{t('systems.jwksHint')}</p>
              {errorOn('jwks') && (
                <p className="field-error" role="alert">
                  {errorOn('jwks')}
                </p>
              )}
            </div>
          </>
        )}
        <fieldset>
          <legend>{t('systems.signInRules')}</legend>
          {flag('requiresRealName')}
          {flag('consentRequired')}
          {flag('pairwiseSubject')}
        </fieldset>
        {ttl('accessTokenTtlSeconds', t('systems.ttlHint', { min: 60, max: 3600 }))}
        {ttl('idTokenTtlSeconds', t('systems.ttlHint', { min: 60, max: 3600 }))}
        {ttl('refreshTokenTtlSeconds', t('systems.refreshTtlHint'))}
      </fieldset>
      {!readOnly && (
        <div className="actions">
          <button type="submit" disabled={pending}>
            {submitLabel}
          </button>
        </div>
      )}
    </form>
  );
}
