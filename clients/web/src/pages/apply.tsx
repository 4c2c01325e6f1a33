import { ErrorAlert, Field, Loading, Notice, Page, SelectField, useGraph, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAction, useLiveValidation } from '../forms';
import {
  ApplyOnlineDocument,
  type CertificateHierarchy,
  RegisterSubscriberDocument,
  SubmitApplicationDocument,
} from '../gql/graphql';
import { idNumberProblem, mobileProblem, requiredProblem } from '../validation';

/**
 * Online application for a personal certificate (RA-1): only a real-name verified citizen (ID-3)
 * applies, for a subscriber record of their own, created here the first time.
 */
export default function ApplyPage() {
  const { t } = useTranslation();
  const graph = useGraph();
  const navigate = useNavigate();
  const context = useGraphQuery(ApplyOnlineDocument, {}, { staleTime: 0 });
  const action = useAction();
  const live = useLiveValidation();
  const [subscriberId, setSubscriberId] = useState('');
  const [socialInsuranceNumber, setSocialInsuranceNumber] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [region, setRegion] = useState('');
  const [agency, setAgency] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [hierarchy, setHierarchy] = useState<CertificateHierarchy>('INTERNATIONAL');

  if (context.isPending) return <Loading />;
  const me = context.data?.me;
  const persons = (context.data?.mySubscribers ?? []).filter((s) => s.kind === 'person');
  const chosen = subscriberId || persons[0]?.id || '';

  if (me && !me.verifiedAt) {
    return (
      <Page title={t('apply.title')}>
        <Notice tone="warning">
          <p>{t('apply.notVerified')}</p>
        </Notice>
        <p>
          <Link to="/account">{t('apply.toProfile')}</Link>
        </p>
      </Page>
    );
  }

  const problems = {
    idNumber: idNumberProblem('RESIDENT_ID_CARD', idNumber),
    socialInsuranceNumber: /^[0-9A-Za-z-]{4,32}$/.test(socialInsuranceNumber.trim())
      ? null
      : { key: 'validation.socialInsuranceNumber' },
    contactPhone: mobileProblem(contactPhone),
    region: requiredProblem(region),
    agency: requiredProblem(agency),
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { idNumber: idProblem, ...record } = problems;
    if (!live.check(idProblem, ...(chosen ? [] : Object.values(record)))) return;
    const result = await action.run(async () => {
      let id = chosen;
      if (!id) {
        const name = me?.displayName ?? '';
        const input = { kind: 'person', socialInsuranceNumber, name, contactName: name, contactPhone, region, agency };
        id = (await graph.request(RegisterSubscriberDocument, { input })).registerSubscriber.id;
        setSubscriberId(id);
      }
      return graph.request(SubmitApplicationDocument, {
        input: { subscriberId: id, businessType: 'NEW', certificateKind: 'PERSONAL', idNumber, hierarchy },
      });
    });
    if (result) navigate('/certificates', { state: { submitted: result.submitApplication.id } });
  };

  const text = (name: keyof typeof problems, value: string, set: (v: string) => void, extra = {}) => ({
    name,
    required: true,
    value,
    onChange: (e: { target: { value: string } }) => set(e.target.value),
    onBlur: live.leave(name),
    error: live.message(name, problems[name]),
    ...extra,
  });

  return (
    <Page title={t('apply.title')}>
      <ErrorAlert error={context.error} />
      <p>{t('apply.intro')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={action.error} />
        <dl className="facts">
          <dt>{t('application.businessType')}</dt>
          <dd>{t('application.type.NEW')}</dd>
          <dt>{t('application.kind')}</dt>
          <dd>{t('certificate.kind.PERSONAL')}</dd>
          <dt>{t('register.name')}</dt>
          <dd>{me?.displayName}</dd>
        </dl>
        {persons.length > 0 ? (
          <SelectField
            label={t('apply.subscriber')}
            name="subscriber"
            value={chosen}
            onChange={(e) => setSubscriberId(e.target.value)}
            choices={persons.map((s) => ({ value: s.id, label: `${s.name} · ${s.socialInsuranceNumber}` }))}
          />
        ) : (
          <fieldset className="group">
            <legend>{t('apply.subscriberRecord')}</legend>
            <p className="field-hint">{t('apply.subscriberIntro')}</p>
            <Field
              label={t('apply.socialInsuranceNumber')}
              autoComplete="off"
              {...text('socialInsuranceNumber', socialInsuranceNumber, setSocialInsuranceNumber)}
            />
            <Field
              label={t('apply.contactPhone')}
              type="tel"
              inputMode="numeric"
              autoComplete="tel-national"
              {...text('contactPhone', contactPhone, setContactPhone)}
            />
            <Field label={t('apply.region')} hint={t('apply.regionHint')} {...text('region', region, setRegion)} />
            <Field label={t('apply.agency')} hint={t('apply.agencyHint')} {...text('agency', agency, setAgency)} />
          </fieldset>
        )}
        <Field
          label={t('apply.idNumber')}
          hint={t('apply.idNumberHint')}
          autoComplete="off"
          {...text('idNumber', idNumber, setIdNumber)}
        />
        <SelectField
          label={t('application.hierarchy')}
          hint={t('apply.hierarchyHint')}
          name="hierarchy"
          value={hierarchy}
          onChange={(e) => setHierarchy(e.target.value as CertificateHierarchy)}
          choices={(['INTERNATIONAL', 'SM2'] as const).map((h) => ({
            value: h,
            label: t(`certificate.hierarchy.${h}`),
          }))}
        />
        <p className="field-hint">{t('apply.nextSteps')}</p>
        <div className="actions">
          <button type="submit" disabled={action.busy}>
            {t('apply.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
