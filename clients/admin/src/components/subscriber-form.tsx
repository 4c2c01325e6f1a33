import { ErrorAlert, Field, Notice, SelectField, useGraphMutation } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RegisterSubscriberDocument } from '../gql/graphql';

const empty = {
  kind: 'unit',
  socialInsuranceNumber: '',
  name: '',
  creditCode: '',
  contactName: '',
  contactPhone: '',
  region: '',
  agency: '',
  userId: '',
};

/** Registers an insured unit or a person (RA-15 fields; the credit code's checksum is checked by the RA). */
export function SubscriberForm(props: { onRegistered?: (id: string) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(empty);
  const [registered, setRegistered] = useState<string | null>(null);
  const register = useGraphMutation(RegisterSubscriberDocument, {
    invalidates: ['SearchSubscribers'],
    onSuccess: ({ registerSubscriber }) => {
      setRegistered(registerSubscriber.name ?? registerSubscriber.id);
      setForm(empty);
      props.onRegistered?.(registerSubscriber.id);
    },
  });
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRegistered(null);
    const unit = form.kind === 'unit';
    register.mutate({
      input: {
        kind: form.kind,
        socialInsuranceNumber: form.socialInsuranceNumber,
        name: form.name,
        creditCode: unit && form.creditCode ? form.creditCode : undefined,
        contactName: form.contactName,
        contactPhone: form.contactPhone,
        region: form.region,
        agency: form.agency,
        userId: !unit && form.userId ? form.userId : undefined,
      },
    });
  };
  return (
    <section aria-labelledby="register-subscriber-heading">
      <h2 id="register-subscriber-heading">{t('subscriber.register')}</h2>
      {registered && <Notice tone="success">{t('subscriber.registered', { name: registered })}</Notice>}
      <form onSubmit={submit} className="form-wide">
        <ErrorAlert error={register.error} />
        <SelectField
          label={t('subscriber.kind')}
          value={form.kind}
          onChange={set('kind')}
          choices={[
            { value: 'unit', label: t('subscriberKind.unit') },
            { value: 'person', label: t('subscriberKind.person') },
          ]}
        />
        <Field label={t('subscriber.name')} required value={form.name} onChange={set('name')} />
        <Field
          label={t('subscriber.socialInsuranceNumber')}
          required
          value={form.socialInsuranceNumber}
          onChange={set('socialInsuranceNumber')}
        />
        {form.kind === 'unit' ? (
          <Field
            label={t('subscriber.creditCode')}
            hint={t('subscriber.creditCodeHint')}
            value={form.creditCode}
            onChange={set('creditCode')}
          />
        ) : (
          <Field
            label={t('subscriber.userId')}
            hint={t('subscriber.userIdHint')}
            value={form.userId}
            onChange={set('userId')}
          />
        )}
        <Field label={t('subscriber.contactName')} required value={form.contactName} onChange={set('contactName')} />
        <Field
          label={t('subscriber.contactPhone')}
          required
          inputMode="tel"
          value={form.contactPhone}
          onChange={set('contactPhone')}
        />
        <Field label={t('subscriber.region')} required value={form.region} onChange={set('region')} />
        <Field label={t('subscriber.agency')} required value={form.agency} onChange={set('agency')} />
        <div className="actions">
          <button type="submit" disabled={register.isPending}>
            {t('subscriber.registerSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
