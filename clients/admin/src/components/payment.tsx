import { ErrorAlert, Field, SelectField, useGraphMutation } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuan } from '../format';
import { RecordPaymentDocument, StepApplicationDocument } from '../gql/graphql';

/**
 * The fee due by the schedule and what was received (RA-12); the entry clerk records payments. When
 * the application is ready to enter (`enterAt`: its version), the clerk may take the fee and enter it
 * in one act (issue 17 item 7): the payment is recorded first, then the `enter` step, whose own checks
 * (documents, the fee) still decide.
 */
export function FeePanel(props: {
  applicationId: string;
  dueFen: number;
  paidFen: number;
  editable: boolean;
  enterAt?: number;
}) {
  const { t, i18n } = useTranslation();
  const outstanding = Math.max(props.dueFen - props.paidFen, 0);
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState('cash');
  const [voucher, setVoucher] = useState('');
  const pay = useGraphMutation(RecordPaymentDocument, {
    invalidates: ['ApplicationDetail'],
    onSuccess: () => {
      setAmount('');
      setVoucher('');
    },
  });
  const step = useGraphMutation(StepApplicationDocument, {
    invalidates: ['ApplicationDetail', 'ApplicationQueue', 'NextApplication'],
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const enter = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('name') === 'enter';
    const payment = {
      applicationId: props.applicationId,
      amountFen: Math.round(Number(amount || outstanding / 100) * 100),
      method,
      voucherReference: method === 'transfer' ? voucher : undefined,
    };
    const version = props.enterAt;
    if (!enter || version == null) {
      pay.mutate({ input: payment });
      return;
    }
    void pay
      .mutateAsync({ input: payment })
      .then(() =>
        step.mutateAsync({ input: { applicationId: props.applicationId, event: 'ENTER', expectedVersion: version } }),
      )
      .catch(() => undefined);
  };
  return (
    <section aria-labelledby="fee-heading">
      <h2 id="fee-heading">{t('fee.title')}</h2>
      <dl className="facts">
        <dt>{t('fee.due')}</dt>
        <dd data-testid="fee-due">{yuan(props.dueFen, i18n.language)}</dd>
        <dt>{t('fee.paid')}</dt>
        <dd data-testid="fee-paid">{yuan(props.paidFen, i18n.language)}</dd>
      </dl>
      {props.editable && outstanding > 0 && (
        <form onSubmit={submit} className="form-wide">
          <ErrorAlert error={pay.error ?? step.error} />
          <Field
            label={t('fee.amount')}
            hint={t('fee.amountHint', { amount: (outstanding / 100).toFixed(2) })}
            inputMode="decimal"
            value={amount}
            placeholder={(outstanding / 100).toFixed(2)}
            onChange={(e) => setAmount(e.target.value)}
          />
          <SelectField
            label={t('fee.method')}
            value={method}
            onChange={(e) => setMethod(e.target.value)}
            choices={[
              { value: 'cash', label: t('fee.cash') },
              { value: 'transfer', label: t('fee.transfer') },
            ]}
          />
          {method === 'transfer' && (
            <Field label={t('fee.voucher')} required value={voucher} onChange={(e) => setVoucher(e.target.value)} />
          )}
          <div className="actions">
            <button type="submit" className={props.enterAt != null ? 'secondary' : undefined} disabled={pay.isPending}>
              {t('fee.record')}
            </button>
            {props.enterAt != null && (
              <button type="submit" name="enter" disabled={pay.isPending || step.isPending}>
                {t('clicks.payAndEnter')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
