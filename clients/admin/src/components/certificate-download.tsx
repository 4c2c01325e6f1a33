import { download, ErrorAlert, type GraphError, pemToDer, useGraph } from '@tessera/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CertificatePemDocument } from '../gql/graphql';

/** Saves an issued certificate as PEM or DER; `pem` is used when the caller already holds it. */
export function CertificateDownload(props: { id: string; serialNumber?: string | null; pem?: string | null }) {
  const { t } = useTranslation();
  const graph = useGraph();
  const [error, setError] = useState<GraphError | null>(null);
  const save = async (format: 'pem' | 'der') => {
    setError(null);
    try {
      const pem = props.pem ?? (await graph.request(CertificatePemDocument, { id: props.id })).certificate?.pem;
      if (!pem) return;
      const name = `certificate-${props.serialNumber ?? props.id}`;
      if (format === 'pem') download(`${name}.pem`, pem, 'application/x-pem-file');
      else download(`${name}.cer`, pemToDer(pem) as BlobPart, 'application/pkix-cert');
    } catch (failure) {
      setError(failure as GraphError);
    }
  };
  return (
    <div className="actions">
      <ErrorAlert error={error} />
      <button type="button" className="secondary" onClick={() => void save('pem')}>
        {t('certificate.downloadPem')}
      </button>
      <button type="button" className="secondary" onClick={() => void save('der')}>
        {t('certificate.downloadDer')}
      </button>
    </div>
  );
}
