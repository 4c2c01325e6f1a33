import { download, ErrorAlert, type GraphError, Notice, Page, useGraph } from '@tessera/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SubscriberLookup } from '../components/subscriber-lookup';
import { base64ToBytes } from '../files';
import { type RegisterFormat, SubscriberRegisterExportDocument } from '../gql/graphql';
import { useRoles } from '../roles';

/** RA-15: the subscriber register; administrators export it as XLSX or CSV. */
export default function RegisterPage() {
  const { t } = useTranslation();
  const graph = useGraph();
  const roles = useRoles();
  const [error, setError] = useState<GraphError | null>(null);
  const [exported, setExported] = useState<{ filename: string; rows: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (format: RegisterFormat) => {
    setBusy(true);
    setError(null);
    try {
      const { subscriberRegister: file } = await graph.request(SubscriberRegisterExportDocument, { format });
      download(file.filename, base64ToBytes(file.contentBase64), file.contentType);
      setExported({ filename: file.filename, rows: file.rows });
    } catch (failure) {
      setError(failure as GraphError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={t('register.title')}>
      <p>{t('register.intro')}</p>
      {roles.has('ADMINISTRATOR') && (
        <section aria-labelledby="export-heading">
          <h2 id="export-heading">{t('register.export')}</h2>
          <ErrorAlert error={error} />
          {exported && <Notice tone="success">{t('register.exported', exported)}</Notice>}
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void save('XLSX')}>
              {t('register.xlsx')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void save('CSV')}>
              {t('register.csv')}
            </button>
          </div>
        </section>
      )}
      <SubscriberLookup />
    </Page>
  );
}
