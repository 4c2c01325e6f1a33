import { download, ErrorAlert, GraphError, useGraph, useGraphMutation } from '@tessera/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileToBase64 } from '../files';
import {
  type ApplicationDetailQuery,
  CheckDocumentDocument,
  DocumentFileDocument,
  UploadDocumentDocument,
} from '../gql/graphql';

type Item = NonNullable<NonNullable<ApplicationDetailQuery['application']>['documents']>[number];

const refresh = ['ApplicationDetail'];

const extensions: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/**
 * The required-document checklist (RA-10): the entry clerk, with the paper in hand, uploads each
 * scanned copy (PDF, JPEG or PNG) and so confirms it matches the form, in one act (issue 17 item 7);
 * a paper checked without a scan is confirmed alone. Others see where it stands.
 */
export function Checklist(props: { applicationId: string; items: Item[]; editable: boolean }) {
  const { t } = useTranslation();
  const upload = useGraphMutation(UploadDocumentDocument, { invalidates: refresh });
  const check = useGraphMutation(CheckDocumentDocument, { invalidates: refresh });
  const graph = useGraph();
  const [readError, setReadError] = useState<GraphError | null>(null);
  /** Fetches the stored scan (the server checks it against its SHA-256) and saves it. */
  const view = async (documentType: string) => {
    setReadError(null);
    try {
      const { documentFile } = await graph.request(DocumentFileDocument, {
        input: { applicationId: props.applicationId, documentType },
      });
      const bytes = Uint8Array.from(atob(documentFile.contentBase64), (c) => c.charCodeAt(0));
      const extension = extensions[documentFile.contentType] ?? 'bin';
      download(`${props.applicationId}-${documentType}.${extension}`, bytes, documentFile.contentType);
    } catch (error) {
      setReadError(GraphError.from(error, t('common.offline')));
    }
  };
  const choose = async (documentType: string, file: File | undefined) => {
    if (!file) return;
    setReadError(null);
    const contentBase64 = await fileToBase64(file);
    upload.mutate({ input: { applicationId: props.applicationId, documentType, contentBase64, check: true } });
  };
  return (
    <section aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">{t('checklist.title')}</h2>
      <ErrorAlert error={upload.error ?? check.error ?? readError} />
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('checklist.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('checklist.document')}</th>
              <th scope="col">{t('checklist.received')}</th>
              <th scope="col">{t('checklist.checked')}</th>
              {props.editable && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => {
              const name = t(`documentType.${item.documentType}`);
              return (
                <tr key={item.documentType} data-document={item.documentType}>
                  <td data-label={t('checklist.document')}>{name}</td>
                  <td data-label={t('checklist.received')}>
                    {item.received ? t('common.yes') : t('common.no')}
                    {item.sha256 && (
                      <div className="hint">
                        SHA-256 <code>{item.sha256.slice(0, 16)}…</code>{' '}
                        <button type="button" className="secondary" onClick={() => void view(item.documentType)}>
                          {t('checklist.view', { name })}
                        </button>
                      </div>
                    )}
                  </td>
                  <td data-label={t('checklist.checked')}>{item.checked ? t('common.yes') : t('common.no')}</td>
                  {props.editable && (
                    <td data-label={t('common.actions')}>
                      <div className="actions">
                        <label className="button secondary file-button">
                          {t('checklist.upload', { name })}
                          <input
                            type="file"
                            className="visually-hidden"
                            accept="application/pdf,image/jpeg,image/png"
                            onChange={(e) => void choose(item.documentType, e.target.files?.[0])}
                          />
                        </label>
                        <button
                          type="button"
                          disabled={!item.received || item.checked || check.isPending}
                          onClick={() =>
                            check.mutate({
                              input: { applicationId: props.applicationId, documentType: item.documentType },
                            })
                          }
                        >
                          {t('checklist.check', { name })}
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="field-hint">{t('checklist.hint')}</p>
    </section>
  );
}
