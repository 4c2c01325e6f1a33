import {
  type Column,
  DataTable,
  ErrorAlert,
  Field,
  Notice,
  Page,
  SelectField,
  useGraphMutation,
  useGraphQuery,
} from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuan } from '../format';
import {
  type BusinessType,
  type CertificateKind,
  FeeScheduleDocument,
  type FeeScheduleQuery,
  SetFeeDocument,
} from '../gql/graphql';
import { useRoles } from '../roles';

type Entry = FeeScheduleQuery['feeSchedule'][number];

const businessTypes: BusinessType[] = [
  'NEW',
  'RENEWAL',
  'CHANGE',
  'REVOCATION',
  'SUSPENSION',
  'RELEASE',
  'UNLOCK',
  'LOST_REISSUE',
  'DAMAGED_REPLACEMENT',
];
const kinds: CertificateKind[] = ['PERSONAL', 'ORGANIZATION', 'SERVER'];

/** RA-12: the fee schedule; administrators edit it. */
export default function FeesPage() {
  const { t, i18n } = useTranslation();
  const roles = useRoles();
  const schedule = useGraphQuery(FeeScheduleDocument, {});
  const [businessType, setBusinessType] = useState<BusinessType>('NEW');
  const [kind, setKind] = useState<CertificateKind>('ORGANIZATION');
  const [amount, setAmount] = useState('');
  const [saved, setSaved] = useState(false);
  const setFee = useGraphMutation(SetFeeDocument, { invalidates: ['FeeSchedule'], onSuccess: () => setSaved(true) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setFee.mutate({ businessType, certificateKind: kind, amountFen: Math.round(Number(amount) * 100) });
  };
  const columns: Column<Entry>[] = [
    { header: t('application.businessType'), cell: (e) => t(`businessType.${e.businessType}`) },
    { header: t('application.certificateKind'), cell: (e) => t(`certificateKind.${e.certificateKind}`) },
    { header: t('fee.amount'), cell: (e) => yuan(e.amountFen, i18n.language) },
  ];
  return (
    <Page title={t('fees.title')}>
      <ErrorAlert error={schedule.error} />
      <DataTable
        caption={t('fees.title')}
        columns={columns}
        rows={schedule.data?.feeSchedule ?? []}
        rowKey={(e) => `${e.businessType}-${e.certificateKind}`}
      />
      {roles.has('ADMINISTRATOR') && (
        <section aria-labelledby="set-fee-heading">
          <h2 id="set-fee-heading">{t('fees.set')}</h2>
          {saved && <Notice tone="success">{t('fees.saved')}</Notice>}
          <form onSubmit={submit} className="form-wide">
            <ErrorAlert error={setFee.error} />
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
              label={t('fees.amountYuan')}
              inputMode="decimal"
              required
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
            <div className="actions">
              <button type="submit" disabled={setFee.isPending}>
                {t('common.save')}
              </button>
            </div>
          </form>
        </section>
      )}
    </Page>
  );
}
