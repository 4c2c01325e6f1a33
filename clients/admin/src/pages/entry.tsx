import { ErrorAlert, Field, Notice, Page, SelectField, useGraphMutation, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { businessTypes, revocationReasons } from '../business-types';
import { ApplicationQueue } from '../components/application-queue';
import { SubscriberForm } from '../components/subscriber-form';
import { SubscriberLookup, type SubscriberRow } from '../components/subscriber-lookup';
import { formatDate } from '../format';
import {
  type BusinessType,
  type CertificateHierarchy,
  type CertificateKind,
  RenewalCheckDocument,
  type RevocationReason,
  SubmitCounterApplicationDocument,
} from '../gql/graphql';

const kinds: CertificateKind[] = ['PERSONAL', 'ORGANIZATION', 'SERVER'];
/** 国际 RSA/ECC or 国密 SM2 (issue 14): the CA hierarchy the certificate is issued under; the CSR must match. */
const hierarchies: CertificateHierarchy[] = ['INTERNATIONAL', 'SM2'];
const onCertificate: BusinessType[] = ['REVOCATION', 'SUSPENSION', 'RELEASE', 'LOST_REISSUE', 'RENEWAL', 'CHANGE'];
/** The business types that issue a certificate, which then names what the clerk enters here (CT-1). */
const issuing: BusinessType[] = ['NEW', 'RENEWAL', 'CHANGE', 'LOST_REISSUE', 'DAMAGED_REPLACEMENT'];

/** One DNS name per line (or separated by commas or spaces); the RA checks and normalises them. */
const dnsNameList = (text: string) => text.split(/[\s,，]+/).filter(Boolean);

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const day = 24 * 60 * 60 * 1000;

/**
 * RA-2: a renewal is offered only within the configured window before the certificate's expiry;
 * returns the date it becomes renewable while it is not yet, null when it may be renewed now.
 */
function useRenewableFrom(businessType: BusinessType, certificateId: string): string | null {
  const check = useGraphQuery(
    RenewalCheckDocument,
    { certificateId },
    { enabled: businessType === 'RENEWAL' && uuid.test(certificateId) },
  );
  const notAfter = check.data?.certificate?.notAfter;
  const windowDays = check.data?.renewalWindowDays;
  if (!notAfter || windowDays == null) return null;
  const from = new Date(new Date(notAfter).getTime() - windowDays * day);
  return from.getTime() > Date.now() ? from.toISOString() : null;
}

/** A counter application for the chosen subscriber (RA-1..RA-8). */
function CounterApplication({ subscriber, onCancel }: { subscriber: SubscriberRow; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [businessType, setBusinessType] = useState<BusinessType>('NEW');
  const [kind, setKind] = useState<CertificateKind>(subscriber.kind === 'person' ? 'PERSONAL' : 'ORGANIZATION');
  const [certificateId, setCertificateId] = useState('');
  const [medium, setMedium] = useState('');
  const [purchasedOn, setPurchasedOn] = useState('');
  const [dnsNames, setDnsNames] = useState('');
  const [email, setEmail] = useState('');
  const [hierarchy, setHierarchy] = useState<CertificateHierarchy>('INTERNATIONAL');
  const [revocationReason, setRevocationReason] = useState<RevocationReason>('UNSPECIFIED');
  const issues = issuing.includes(businessType);
  const [idNumber, setIdNumber] = useState('');
  const renewableFrom = useRenewableFrom(businessType, certificateId.trim());
  const submit = useGraphMutation(SubmitCounterApplicationDocument, {
    invalidates: ['ApplicationQueue'],
    onSuccess: ({ submitApplication }) => navigate(`/applications/${submitApplication.id}`),
  });
  const send = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate({
      input: {
        subscriberId: subscriber.id,
        businessType,
        certificateKind: kind,
        idNumber,
        certificateId: onCertificate.includes(businessType) && certificateId ? certificateId : undefined,
        mediumSerialNumber: businessType === 'UNLOCK' || businessType === 'DAMAGED_REPLACEMENT' ? medium : undefined,
        mediumPurchasedOn: businessType === 'DAMAGED_REPLACEMENT' && purchasedOn ? purchasedOn : undefined,
        dnsNames: kind === 'SERVER' && issues ? dnsNameList(dnsNames) : undefined,
        email: issues && email.trim() ? email.trim() : undefined,
        hierarchy: issues ? hierarchy : undefined,
        revocationReason: businessType === 'REVOCATION' ? revocationReason : undefined,
      },
    });
  };
  return (
    <section aria-labelledby="counter-heading">
      <h2 id="counter-heading">{t('entry.counterFor', { name: subscriber.name })}</h2>
      <form onSubmit={send} className="form-wide">
        <ErrorAlert error={submit.error} />
        <SelectField
          label={t('application.businessType')}
          value={businessType}
          onChange={(e) => setBusinessType(e.target.value as BusinessType)}
          choices={businessTypes.map((b) => ({ value: b, label: t(`businessType.${b}`) }))}
        />
        <SelectField
          label={t('application.certificateKind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as CertificateKind)}
          choices={kinds.map((k) => ({ value: k, label: t(`certificateKind.${k}`) }))}
        />
        <Field
          label={t(subscriber.kind === 'person' ? 'entry.idNumberPerson' : 'entry.idNumberOfficer')}
          hint={t('entry.idNumberHint')}
          required
          autoComplete="off"
          value={idNumber}
          onChange={(e) => setIdNumber(e.target.value)}
        />
        {issues && (
          <SelectField
            label={t('application.hierarchy')}
            name="hierarchy"
            value={hierarchy}
            onChange={(e) => setHierarchy(e.target.value as CertificateHierarchy)}
            choices={hierarchies.map((h) => ({ value: h, label: t(`hierarchy.${h}`) }))}
          />
        )}
        {onCertificate.includes(businessType) && (
          <Field
            label={t('entry.certificateId')}
            hint={t('entry.certificateIdHint')}
            value={certificateId}
            onChange={(e) => setCertificateId(e.target.value)}
          />
        )}
        {kind === 'SERVER' && issues && (
          <div className="field">
            <label htmlFor="dns-names">{t('entry.dnsNames')}</label>
            <textarea
              id="dns-names"
              required
              rows={3}
              value={dnsNames}
              aria-describedby="dns-names-hint"
              onChange={(e) => setDnsNames(e.target.value)}
            />
            <p className="field-hint" id="dns-names-hint">
              {t('entry.dnsNamesHint')}
            </p>
          </div>
        )}
        {issues && (
          <Field
            label={t('entry.email')}
            hint={t('entry.emailHint')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
        {businessType === 'REVOCATION' && (
          <SelectField
            label={t('application.revocationReason')}
            value={revocationReason}
            onChange={(e) => setRevocationReason(e.target.value as RevocationReason)}
            choices={revocationReasons.map((r) => ({ value: r, label: t(`revocationReason.${r}`) }))}
          />
        )}
        {renewableFrom && (
          <Notice tone="warning">
            <span data-testid="renewal-not-due">
              {t('entry.renewalNotDue', { date: formatDate(renewableFrom, i18n.language) })}
            </span>
          </Notice>
        )}
        {(businessType === 'UNLOCK' || businessType === 'DAMAGED_REPLACEMENT') && (
          <Field label={t('entry.medium')} required value={medium} onChange={(e) => setMedium(e.target.value)} />
        )}
        {businessType === 'DAMAGED_REPLACEMENT' && (
          <Field
            label={t('entry.purchasedOn')}
            type="date"
            value={purchasedOn}
            onChange={(e) => setPurchasedOn(e.target.value)}
          />
        )}
        <div className="actions">
          <button type="submit" disabled={submit.isPending || Boolean(renewableFrom)}>
            {t('entry.submit')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** RA-11 entry: the queues waiting for entry, subscriber lookup and registration, counter applications. */
export default function EntryPage() {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<SubscriberRow | null>(null);
  return (
    <Page title={t('entry.title')}>
      <p>{t('entry.intro')}</p>
      <ApplicationQueue title={t('entry.agencyApproved')} state="AGENCY_APPROVED" />
      <ApplicationQueue title={t('entry.submitted')} state="SUBMITTED" exclude="NEW" />
      <SubscriberLookup
        action={(s) => (
          <button type="button" className="secondary" onClick={() => setChosen(s)}>
            {t('entry.apply', { name: s.name })}
          </button>
        )}
      />
      {chosen && <CounterApplication key={chosen.id} subscriber={chosen} onCancel={() => setChosen(null)} />}
      <SubscriberForm />
    </Page>
  );
}
