import { Field, useCountdown, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { SmsLimitsDocument } from '../gql/graphql';

/** Where the last text message is (ID-9), as far as the client knows. */
export interface SmsStatus {
  state: 'QUEUED' | 'SENT' | 'RETRYING' | 'FAILED';
  /** When another code may be asked for (ms timestamp). */
  retryAt: number;
}

/** The SMS code with its send button, countdown and delivery status ("sent", "retry in N s"). */
export function SmsCodeField(props: {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string | null;
  onSend: () => void;
  sending: boolean;
  status: SmsStatus | null;
  /** Where the code goes, masked, e.g. 199****5678. */
  destination?: string;
}) {
  const { t } = useTranslation();
  const seconds = useCountdown(props.status?.retryAt ?? null);
  const sendLabel = seconds > 0 ? t('common.retryIn', { seconds }) : props.status ? t('sms.resend') : t('common.send');
  return (
    <div className="sms-code">
      <div className="sms-code-row">
        <Field
          label={t('sms.code')}
          name="smsCode"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={props.value}
          error={props.error}
          onBlur={props.onBlur}
          onChange={(event) => props.onChange(event.target.value.replace(/\D/g, ''))}
        />
        <button
          type="button"
          className="secondary"
          onClick={props.onSend}
          disabled={props.sending || seconds > 0}
          aria-live="polite"
        >
          {sendLabel}
        </button>
      </div>
      <p className="sms-status" role="status" data-state={props.status?.state ?? 'NONE'}>
        {props.status && t(`sms.state.${props.status.state}`, { destination: props.destination ?? '' })}
      </p>
    </div>
  );
}

/** The client's view of the delivery the server answered (ID-9): its state and when to allow "send again". */
export function smsStatusOf(delivery: { state: SmsStatus['state']; retryInSeconds: number }): SmsStatus {
  return { state: delivery.state, retryAt: Date.now() + delivery.retryInSeconds * 1000 };
}

/**
 * The per-phone limits of text messages (ID-9) as a sentence, from the graph: shown under the captcha
 * that asks for a code, so a citizen knows them before solving it, not from a refusal after.
 */
export function useSmsLimitsHint(): string | undefined {
  const { t } = useTranslation();
  const limits = useGraphQuery(SmsLimitsDocument, {}, { staleTime: Number.POSITIVE_INFINITY }).data?.smsLimits;
  return limits && t('sms.limits', { interval: limits.phoneIntervalSeconds, perDay: limits.phonePerDay });
}
