import { DataTable, download, ErrorAlert, Loading, Notice, Page, pemToDer, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { CertificateKind } from '../components/certificate-kind';
import { CertificateState } from '../components/certificate-state';
import { useFormat } from '../format';
import { MyCertificatesDocument, type MyCertificatesQuery } from '../gql/graphql';

type Me = NonNullable<MyCertificatesQuery['me']>;
type CertificateRow = NonNullable<Me['certificates']>[number];
type ApplicationRow = NonNullable<Me['applications']>[number];

function fileName(certificate: CertificateRow, extension: string): string {
  return `tessera-${certificate.serialNumber ?? certificate.id}.${extension}`;
}

/** The citizen's certificates (state, validity, PEM/DER download) and applications. */
export default function CertificatesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const mine = useGraphQuery(MyCertificatesDocument, {}, { staleTime: 0 });
  const me = mine.data?.me;
  const submitted = (useLocation().state as { submitted?: string } | null)?.submitted;

  return (
    <Page
      title={t('certificates.title')}
      actions={
        <Link className="button" to="/certificates/apply">
          {t('certificates.apply')}
        </Link>
      }
    >
      {submitted && <Notice tone="success">{t('certificates.submitted')}</Notice>}
      <ErrorAlert error={mine.error} />
      {mine.isPending ? (
        <Loading />
      ) : (
        <>
          <h2>{t('certificates.mine')}</h2>
          <DataTable<CertificateRow>
            caption={t('certificates.mine')}
            rows={me?.certificates ?? []}
            rowKey={(row) => row.id}
            columns={[
              { header: t('certificate.serialNumber'), cell: (row) => <code>{row.serialNumber}</code> },
              { header: t('certificate.subject'), cell: (row) => row.subject },
              {
                header: t('certificate.kindUsage'),
                cell: (row) => <CertificateKind kind={row.kind} usage={row.usage} hierarchy={row.hierarchy} />,
              },
              {
                header: t('certificate.validity'),
                cell: (row) => `${format.date(row.notBefore)} – ${format.date(row.notAfter)}`,
              },
              { header: t('certificate.stateLabel'), cell: (row) => <CertificateState state={row.state} /> },
              {
                header: t('certificates.download'),
                cell: (row) => {
                  const pem = row.pem;
                  if (!pem) return '—';
                  return (
                    <div className="actions compact">
                      <button
                        type="button"
                        className="secondary"
                        aria-label={t('certificates.downloadPemOf', { serial: row.serialNumber })}
                        onClick={() => download(fileName(row, 'pem'), pem, 'application/x-pem-file')}
                      >
                        PEM
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={t('certificates.downloadDerOf', { serial: row.serialNumber })}
                        onClick={() =>
                          download(fileName(row, 'cer'), new Uint8Array(pemToDer(pem)), 'application/pkix-cert')
                        }
                      >
                        DER
                      </button>
                    </div>
                  );
                },
              },
            ]}
          />
          <h2>{t('certificates.applications')}</h2>
          <DataTable<ApplicationRow>
            caption={t('certificates.applications')}
            rows={me?.applications ?? []}
            rowKey={(row) => row.id}
            columns={[
              { header: t('application.submittedAt'), cell: (row) => format.dateTime(row.createdAt) },
              {
                header: t('application.businessType'),
                cell: (row) => t(`application.type.${row.businessType}`, { defaultValue: row.businessType ?? '' }),
              },
              {
                header: t('application.kind'),
                cell: (row) => t(`certificate.kind.${row.certificateKind}`, { defaultValue: '' }),
              },
              {
                header: t('application.hierarchy'),
                cell: (row) => (row.hierarchy ? t(`certificate.hierarchy.${row.hierarchy}`) : '—'),
              },
              {
                header: t('application.state'),
                cell: (row) => (
                  <>
                    <span className="badge" data-state={row.state}>
                      {t(`application.states.${row.state}`, { defaultValue: row.state ?? '' })}
                    </span>
                    {row.rejectionReason && <p className="field-hint">{row.rejectionReason}</p>}
                  </>
                ),
              },
              { header: t('application.updatedAt'), cell: (row) => format.dateTime(row.updatedAt) },
            ]}
          />
        </>
      )}
    </Page>
  );
}
