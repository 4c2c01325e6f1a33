import {
  download,
  ErrorAlert,
  type GraphError,
  Loading,
  Notice,
  useGraph,
  useGraphMutation,
  useGraphQuery,
} from '@tessera/ui';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format';
import {
  ApplicationIssuanceDocument,
  type EnvelopeFormat,
  IssuingCodesDocument,
  RedeemEnrollmentDocument,
  StepApplicationDocument,
} from '../gql/graphql';
import { CertificateDownload } from './certificate-download';

interface Issued {
  id: string;
  serialNumber: string | null;
  subject: string | null;
  notAfter: string | null;
  pem: string;
  /** CT-1: the encryption certificate and its key enveloped to the signing key (dual issuance). */
  encryption: {
    id: string;
    serialNumber: string | null;
    pem: string;
    envelope: string;
    envelopeFormat: EnvelopeFormat;
  } | null;
}

/**
 * RA-11 issuing: the reference and authorization codes the CA returned for the approval, a PKCS#10
 * request from the subscriber's key, then the certificate (downloadable) and the `issue` step.
 * RA item 14: what the codes issued is asked of the RA again, so a page lost after redeeming
 * resumes with the certificate and envelope, and after the step they stay downloadable until delivery.
 */
export function IssuingPanel(props: { applicationId: string; version: number; state: 'APPROVED' | 'ISSUED' }) {
  const { t, i18n } = useTranslation();
  const graph = useGraph();
  const step = useGraphMutation(StepApplicationDocument, {
    invalidates: ['ApplicationDetail', 'ApplicationQueue', 'NextApplication'],
  });
  const csrId = useId();
  const codes = useGraphQuery(
    IssuingCodesDocument,
    { id: props.applicationId },
    { refetchInterval: (query) => (query.state.data?.application?.referenceCode ? false : 2000) },
  );
  const [csr, setCsr] = useState('');
  const [redeemed, setIssued] = useState<Issued | null>(null);
  const earlier = useGraphQuery(
    ApplicationIssuanceDocument,
    { id: props.applicationId },
    { enabled: props.state === 'ISSUED' || Boolean(codes.data?.application?.referenceCode) },
  );
  const found = earlier.data?.applicationIssuance;
  const issued: Issued | null =
    redeemed ??
    (found
      ? {
          ...found.certificate,
          pem: found.pem,
          encryption: found.encryption && {
            ...found.encryption.certificate,
            pem: found.encryption.pem,
            envelope: found.encryption.envelope,
            envelopeFormat: found.encryption.envelopeFormat,
          },
        }
      : null);
  const [error, setError] = useState<GraphError | null>(null);
  const [busy, setBusy] = useState(false);
  const referenceCode = codes.data?.application?.referenceCode;
  const authorizationCode = codes.data?.application?.authorizationCode;

  const issue = async (event: FormEvent) => {
    event.preventDefault();
    if (!referenceCode || !authorizationCode) return;
    setBusy(true);
    setError(null);
    try {
      let certificate = issued;
      if (!certificate) {
        const { redeemEnrollment } = await graph.request(RedeemEnrollmentDocument, {
          referenceCode,
          authorizationCode,
          csr: csr.trim(),
        });
        const { encryption } = redeemEnrollment;
        certificate = {
          ...redeemEnrollment.certificate,
          pem: redeemEnrollment.pem,
          encryption: encryption && {
            ...encryption.certificate,
            pem: encryption.pem,
            envelope: encryption.envelope,
            envelopeFormat: encryption.envelopeFormat,
          },
        };
        setIssued(certificate);
        // The envelope is handed out only now: the clerk saves it before the step closes this panel.
        if (certificate.encryption) return;
      }
      // Issue 17 item 7: recording the step saves the envelope first, in the same act.
      if (certificate.encryption) saveEnvelope(certificate.encryption);
      await step.mutateAsync({
        input: {
          applicationId: props.applicationId,
          event: 'ISSUE',
          expectedVersion: props.version,
          certificateId: certificate.id,
        },
      });
    } catch (failure) {
      setError(failure as GraphError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="issuing-heading">
      <h2 id="issuing-heading">{t('issuing.title')}</h2>
      <ErrorAlert error={codes.error ?? earlier.error ?? error} />
      {props.state === 'ISSUED' ? (
        <Notice>{t('issuing.untilDelivery')}</Notice>
      ) : found && !redeemed ? (
        <Notice>{t('issuing.resumed')}</Notice>
      ) : null}
      {props.state === 'ISSUED' ? null : codes.isPending ? (
        <Loading />
      ) : referenceCode ? (
        <dl className="facts">
          <dt>{t('issuing.referenceCode')}</dt>
          <dd>
            <code data-testid="reference-code">{referenceCode}</code>
          </dd>
          <dt>{t('issuing.authorizationCode')}</dt>
          <dd>
            <code data-testid="authorization-code">{authorizationCode ?? '—'}</code>
          </dd>
        </dl>
      ) : (
        <Notice>{t('issuing.waiting')}</Notice>
      )}
      {issued ? (
        <div className="issuing-result">
          <Notice tone="success">
            <p>{t('issuing.issued', { serial: issued.serialNumber, subject: issued.subject })}</p>
            <p>{t('issuing.validUntil', { date: formatDate(issued.notAfter, i18n.language) })}</p>
            <CertificateDownload id={issued.id} serialNumber={issued.serialNumber} pem={issued.pem} />
            {issued.encryption && <EncryptionDelivery {...issued.encryption} />}
          </Notice>
        </div>
      ) : null}
      {props.state === 'APPROVED' && referenceCode && authorizationCode && (
        <form onSubmit={issue}>
          {!issued && (
            <>
              <div className="field">
                <label htmlFor={`${csrId}-file`}>{t('issuing.csrFile')}</label>
                <input
                  id={`${csrId}-file`}
                  type="file"
                  accept=".csr,.req,.pem,.p10,text/plain"
                  onChange={(e) => void e.target.files?.[0]?.text().then(setCsr)}
                />
              </div>
              <div className="field">
                <label htmlFor={`${csrId}-text`}>{t('issuing.csr')}</label>
                <textarea
                  id={`${csrId}-text`}
                  rows={6}
                  value={csr}
                  spellCheck={false}
                  aria-describedby={`${csrId}-hint`}
                  onChange={(e) => setCsr(e.target.value)}
                />
                <p className="field-hint" id={`${csrId}-hint`}>
                  {t('issuing.csrHint')}
                </p>
              </div>
            </>
          )}
          <div className="actions">
            <button type="submit" disabled={busy || (!issued && !csr.trim())}>
              {issued ? t(issued.encryption ? 'issuing.recordStep' : 'issuing.retryStep') : t('issuing.issue')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Each envelope format's download: a CMS file, or GM/T 0009's SM2EnvelopedKey that SM2 EKeys import. */
const envelopeFiles: Record<EnvelopeFormat, { suffix: string; type: string }> = {
  CMS: { suffix: 'envelope.pem', type: 'application/pkcs7-mime' },
  SM2_ENVELOPED_KEY: { suffix: 'sm2-enveloped-key.pem', type: 'application/x-pem-file' },
};

/** Saves the digital envelope of the encryption key, named by its certificate's serial number. */
function saveEnvelope(encryption: NonNullable<Issued['encryption']>): void {
  const file = envelopeFiles[encryption.envelopeFormat];
  download(`certificate-${encryption.serialNumber ?? encryption.id}-${file.suffix}`, encryption.envelope, file.type);
}

/**
 * The encryption half of a dual issuance (CT-1): its certificate, and the digital envelope (CMS, or the
 * SM2 key-pair envelope for an SM2 key) that only the subscriber's signing key opens, to hand over with the EKey.
 */
function EncryptionDelivery(props: NonNullable<Issued['encryption']>) {
  const { t } = useTranslation();
  return (
    <div data-testid="encryption-delivery">
      <p>{t('issuing.encryptionIssued', { serial: props.serialNumber })}</p>
      <CertificateDownload id={props.id} serialNumber={props.serialNumber} pem={props.pem} />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => saveEnvelope(props)}>
          {t('issuing.downloadEnvelope')}
        </button>
      </div>
    </div>
  );
}
