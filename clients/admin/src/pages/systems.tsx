import { type Column, DataTable, ErrorAlert, Field, Notice, Page, useGraphMutation, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import {
  type ApplicationSystemStatus,
  ApplicationSystemsDocument,
  type ApplicationSystemsQuery,
  RegisterApplicationSystemDocument,
  RotateApplicationSecretDocument,
  SetApplicationSystemStatusDocument,
} from '../gql/graphql';
import { useRoles } from '../roles';

type Row = ApplicationSystemsQuery['applicationSystems'][number];
const refresh = ['ApplicationSystems'];

/** ID-17: the business systems relying on the unified authentication. */
export default function SystemsPage() {
  const { t, i18n } = useTranslation();
  const admin = useRoles().has('ADMINISTRATOR');
  const list = useGraphQuery(ApplicationSystemsDocument, {});
  const [secret, setSecret] = useState<{ code: string; secret: string } | null>(null);
  const [form, setForm] = useState({ code: '', name: '', owner: '', scopes: 'identity:verified' });
  const register = useGraphMutation(RegisterApplicationSystemDocument, {
    invalidates: refresh,
    onSuccess: ({ registerApplicationSystem: r }) => setSecret({ code: r.system.code, secret: r.clientSecret }),
  });
  const rotate = useGraphMutation(RotateApplicationSecretDocument, {
    invalidates: refresh,
    onSuccess: ({ rotateApplicationSecret: r }) => setSecret({ code: r.system.code, secret: r.clientSecret }),
  });
  const status = useGraphMutation(SetApplicationSystemStatusDocument, { invalidates: refresh });
  const setStatus = (code: string, next: ApplicationSystemStatus) => status.mutate({ code, status: next });
  const columns: Column<Row>[] = [
    { header: t('systems.code'), cell: (s) => <code>{s.code}</code> },
    { header: t('systems.name'), cell: (s) => s.name },
    { header: t('systems.owner'), cell: (s) => s.owner },
    { header: t('systems.scopes'), cell: (s) => s.scopes.join(' ') },
    { header: t('systems.status'), cell: (s) => t(`systemStatus.${s.status}`) },
    { header: t('systems.secretIssuedAt'), cell: (s) => formatDateTime(s.secretIssuedAt, i18n.language) },
    ...(admin
      ? [
          {
            header: t('common.actions'),
            cell: (s: Row) =>
              s.status === 'RETIRED' ? (
                '—'
              ) : (
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => rotate.mutate({ code: s.code })}>
                    {t('systems.rotate', { code: s.code })}
                  </button>
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
                </div>
              ),
          },
        ]
      : []),
  ];
  return (
    <Page title={t('systems.title')}>
      <ErrorAlert error={list.error ?? rotate.error ?? status.error} />
      {secret && (
        <Notice tone="warning">
          <p>{t('systems.secretOnce', { code: secret.code })}</p>
          <code data-testid="client-secret">{secret.secret}</code>
        </Notice>
      )}
      <DataTable
        caption={t('systems.title')}
        columns={columns}
        rows={list.data?.applicationSystems ?? []}
        rowKey={(s) => s.code}
      />
      {admin && (
        <section aria-labelledby="register-system">
          <h2 id="register-system">{t('systems.register')}</h2>
          <form
            className="form-wide"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              register.mutate({ input: { ...form, scopes: form.scopes.split(/[\s,]+/).filter(Boolean) } });
            }}
          >
            <ErrorAlert error={register.error} />
            <Field
              label={t('systems.code')}
              required
              value={form.code}
              onChange={(e) => setForm((f) => ({ ...f, code: e.target.value }))}
            />
            <Field
              label={t('systems.name')}
              required
              value={form.name}
              onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
            />
            <Field
              label={t('systems.owner')}
              required
              value={form.owner}
              onChange={(e) => setForm((f) => ({ ...f, owner: e.target.value }))}
            />
            <Field
              label={t('systems.scopes')}
              hint={t('systems.scopesHint')}
              value={form.scopes}
              onChange={(e) => setForm((f) => ({ ...f, scopes: e.target.value }))}
            />
            <div className="actions">
              <button type="submit" disabled={register.isPending}>
                {t('systems.registerSubmit')}
              </button>
            </div>
          </form>
        </section>
      )}
    </Page>
  );
}
