import { ErrorAlert, Loading, Notice, Page, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { boxLabel } from '../components/box-label';
import { CertificateDownload } from '../components/certificate-download';
import { Checklist } from '../components/checklist';
import { IssuingPanel } from '../components/issuing-panel';
import { NextInQueue } from '../components/next-in-queue';
import { FeePanel } from '../components/payment';
import { PrintPdfButton } from '../components/print-pdf';
import { StaffName } from '../components/staff-name';
import { WorkflowActions } from '../components/workflow-actions';
import { formatDate, formatDateTime } from '../format';
import { ApplicationDetailDocument, MeDocument } from '../gql/graphql';
import { hasAny, useRoles } from '../roles';

/** One application: its facts, who did each step (four eyes), documents, fee, issuing and the next steps. */
export default function ApplicationPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const roles = useRoles();
  const me = useGraphQuery(MeDocument, {});
  const detail = useGraphQuery(ApplicationDetailDocument, { id });
  const application = detail.data?.application;
  if (detail.isPending) return <Loading />;
  if (!application) {
    return (
      <Page title={t('application.title')}>
        <ErrorAlert error={detail.error} />
      </Page>
    );
  }
  const { subscriber, certificate } = application;
  const beforeEntry = application.state === 'SUBMITTED' || application.state === 'AGENCY_APPROVED';
  const entryClerk = roles.has('ENTRY_CLERK') && beforeEntry;
  const myId = me.data?.me?.id;
  const ownWork = Boolean(myId) && (application.enteredBy === myId || application.submittedBy === myId);
  const nextSteps = application.nextSteps ?? [];
  const issuing =
    roles.has('ISSUING_CLERK') &&
    ((application.state === 'APPROVED' && nextSteps.includes('ISSUE')) || application.state === 'ISSUED');
  const title = t('application.heading', {
    type: application.businessType ? t(`businessType.${application.businessType}`) : '',
    name: subscriber?.name ?? '',
  });
  const review = application.reviewOf;
  /** Who prints an application's paper (the server checks it again): the clerks who handle it. */
  const printsForms = hasAny(roles, ['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ARCHIVE_CLERK', 'ADMINISTRATOR']);
  const printsRecord =
    application.state === 'COMPLETED' && hasAny(roles, ['ISSUING_CLERK', 'ARCHIVE_CLERK', 'ADMINISTRATOR', 'AUDITOR']);
  const caCall = application.certificateAuthorityCall;
  const caCallNotice =
    caCall &&
    (caCall.state === 'FAILED'
      ? { tone: 'warning' as const, key: 'application.caCallFailed' }
      : caCall.state === 'PENDING' && caCall.attempts > 0
        ? { tone: 'info' as const, key: 'application.caCallPending' }
        : caCall.state === 'SETTLED'
          ? { tone: 'info' as const, key: 'application.caCallSettled' }
          : null);
  return (
    <Page title={title}>
      {caCall && caCallNotice && (
        <Notice tone={caCallNotice.tone}>
          <span data-testid="ca-call" data-state={caCall.state}>
            {t(caCallNotice.key, {
              kind: t(`caCallKind.${caCall.kind}`),
              code: caCall.lastErrorCode ?? '—',
              attempts: caCall.attempts,
              reason: caCall.settlementReason ?? '',
            })}
          </span>{' '}
          {caCall.state !== 'SETTLED' && roles.has('ADMINISTRATOR') && <Link to="/ca-calls">{t('caCalls.title')}</Link>}
        </Notice>
      )}
      {review && (
        <Notice tone="warning">
          <strong>{t('application.systemOpened')}</strong>{' '}
          <span data-testid="review-of">
            {t('application.reviewOfNotice', { notAfter: formatDate(review.certificate?.notAfter, i18n.language) })}
          </span>{' '}
          <Link to={`/applications/${review.id}`}>{t('application.suspension')}</Link>
        </Notice>
      )}
      <dl className="facts">
        <dt>{t('application.state')}</dt>
        <dd data-testid="application-state" data-state={application.state}>
          {application.state ? t(`state.${application.state}`) : '—'}
        </dd>
        <dt>{t('application.certificateKind')}</dt>
        <dd>{application.certificateKind ? t(`certificateKind.${application.certificateKind}`) : '—'}</dd>
        <dt>{t('application.channel')}</dt>
        <dd>{t(`channel.${application.channel ?? 'counter'}`)}</dd>
        <dt>{t('application.createdAt')}</dt>
        <dd>{formatDateTime(application.createdAt, i18n.language)}</dd>
        {application.applicant && (
          <>
            <dt>{t('application.applicant')}</dt>
            <dd>{application.applicant.displayName ?? application.applicant.id}</dd>
          </>
        )}
        {application.idNumber && (
          <>
            <dt>{t('application.idNumber')}</dt>
            <dd data-testid="id-number">{application.idNumber}</dd>
          </>
        )}
        {application.rejectionReason && (
          <>
            <dt>{t('application.rejectionReason')}</dt>
            <dd>{application.rejectionReason}</dd>
          </>
        )}
        {application.mediumSerialNumber && (
          <>
            <dt>{t('application.medium')}</dt>
            <dd>{application.mediumSerialNumber}</dd>
          </>
        )}
        {application.dnsNames && application.dnsNames.length > 0 && (
          <>
            <dt>{t('application.dnsNames')}</dt>
            <dd>
              <ul data-testid="dns-names">
                {application.dnsNames.map((name) => (
                  <li key={name}>
                    <code>{name}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {application.hierarchy && (
          <>
            <dt>{t('application.hierarchy')}</dt>
            <dd data-testid="hierarchy">{t(`hierarchy.${application.hierarchy}`)}</dd>
          </>
        )}
        {application.email && (
          <>
            <dt>{t('application.email')}</dt>
            <dd>{application.email}</dd>
          </>
        )}
        {application.revocationReason && (
          <>
            <dt>{t('application.revocationReason')}</dt>
            <dd>{t(`revocationReason.${application.revocationReason}`)}</dd>
          </>
        )}
        {application.suspensionReleaseDate && (
          <>
            <dt>{t('application.suspensionReleaseDate')}</dt>
            <dd>{formatDate(application.suspensionReleaseDate, i18n.language)}</dd>
          </>
        )}
        {application.archiveLocation && (
          <>
            <dt>{t('application.archiveLocation')}</dt>
            <dd data-testid="archive-location">
              {t('archive.location', {
                label: boxLabel(t, { ...application.archiveLocation, number: application.archiveLocation.box }),
                box: application.archiveLocation.box,
                cabinet: application.archiveLocation.cabinet,
              })}
            </dd>
          </>
        )}
      </dl>

      {subscriber && (
        <section aria-labelledby="subscriber-heading">
          <h2 id="subscriber-heading">{t('application.subscriber')}</h2>
          <dl className="facts">
            <dt>{t('subscriber.name')}</dt>
            <dd>{subscriber.name}</dd>
            <dt>{t('subscriber.kind')}</dt>
            <dd>{t(`subscriberKind.${subscriber.kind ?? 'unit'}`)}</dd>
            <dt>{t('subscriber.socialInsuranceNumber')}</dt>
            <dd>{subscriber.socialInsuranceNumber}</dd>
            {subscriber.creditCode && (
              <>
                <dt>{t('subscriber.creditCode')}</dt>
                <dd>{subscriber.creditCode}</dd>
              </>
            )}
            <dt>{t('subscriber.contact')}</dt>
            <dd>
              {subscriber.contactName} {subscriber.contactPhone}
            </dd>
            <dt>{t('subscriber.region')}</dt>
            <dd>{subscriber.region}</dd>
            <dt>{t('subscriber.agency')}</dt>
            <dd>{subscriber.agency}</dd>
          </dl>
        </section>
      )}

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">{t('application.people')}</h2>
        <dl className="facts">
          <dt>{t('application.submittedBy')}</dt>
          <dd>
            <StaffName id={application.submittedBy} />
          </dd>
          <dt>{t('application.enteredBy')}</dt>
          <dd data-testid="entered-by">
            <StaffName id={application.enteredBy} />
          </dd>
          <dt>{t('application.reviewedBy')}</dt>
          <dd data-testid="reviewed-by">
            <StaffName id={application.reviewedBy} />
          </dd>
        </dl>
        {application.state === 'ENTERED' && (
          <Notice tone={ownWork && roles.has('REVIEW_CLERK') ? 'warning' : 'info'}>
            {ownWork && roles.has('REVIEW_CLERK') ? t('application.fourEyesSelf') : t('application.fourEyes')}
          </Notice>
        )}
      </section>

      {(printsForms || printsRecord) && (
        <section aria-labelledby="paper-heading">
          <h2 id="paper-heading">{t('paper.title')}</h2>
          <div className="actions">
            {printsForms && <PrintPdfButton sheet="applicationForm" id={application.id} />}
            {printsRecord && <PrintPdfButton sheet="taskCompletionRecord" id={application.id} />}
          </div>
        </section>
      )}

      {application.documents && application.documents.length > 0 && (
        <Checklist applicationId={application.id} items={application.documents} editable={entryClerk} />
      )}
      {application.fee && !review && (
        <FeePanel
          applicationId={application.id}
          dueFen={application.fee.dueFen}
          paidFen={application.fee.paidFen}
          editable={entryClerk}
          enterAt={entryClerk && nextSteps.includes('ENTER') ? (application.version ?? undefined) : undefined}
        />
      )}

      {certificate && (
        <section aria-labelledby="certificate-heading">
          <h2 id="certificate-heading">{t('application.certificate')}</h2>
          <dl className="facts">
            <dt>{t('certificate.serialNumber')}</dt>
            <dd>
              <code>{certificate.serialNumber}</code>
            </dd>
            <dt>{t('certificate.subject')}</dt>
            <dd>{certificate.subject}</dd>
            <dt>{t('certificate.state')}</dt>
            <dd>{certificate.state ? t(`certificateState.${certificate.state}`) : '—'}</dd>
            <dt>{t('certificate.validity')}</dt>
            <dd>
              {formatDate(certificate.notBefore, i18n.language)} – {formatDate(certificate.notAfter, i18n.language)}
            </dd>
          </dl>
          {certificate.state !== 'NEW_APPLICATION' && (
            <CertificateDownload id={certificate.id} serialNumber={certificate.serialNumber} />
          )}
        </section>
      )}

      {issuing && application.version != null && (
        <IssuingPanel
          applicationId={application.id}
          version={application.version}
          state={application.state === 'ISSUED' ? 'ISSUED' : 'APPROVED'}
        />
      )}
      {application.version != null && (
        <WorkflowActions applicationId={application.id} version={application.version} nextSteps={nextSteps} />
      )}
      <NextInQueue after={application.id} />
    </Page>
  );
}
