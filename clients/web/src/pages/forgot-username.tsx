import { CaptchaField, ErrorAlert, Field, Notice, Page, SelectField, StepHeading, useGraph } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIssuedCaptcha } from '../captcha';
import { SmsCodeField, type SmsStatus, smsStatusOf, useSmsLimitsHint } from '../components/sms-code-field';
import { useAction, useLiveValidation } from '../forms';
import { ConfirmUsernameRecoveryDocument, type IdType, RequestUsernameRecoveryCodeDocument } from '../gql/graphql';
import { idNumberProblem, idTypes, nameProblem, smsCodeProblem } from '../validation';

/** Forgotten username (ID-13): identity data and captcha, then the SMS code; the name comes by SMS. */
export default function ForgotUsernamePage() {
  const { t } = useTranslation();
  const graph = useGraph();
  const action = useAction();
  const live = useLiveValidation();
  const [name, setName] = useState('');
  const [idType, setIdType] = useState<IdType>('RESIDENT_ID_CARD');
  const [idNumber, setIdNumber] = useState('');
  const captcha = useIssuedCaptcha();
  const smsLimits = useSmsLimitsHint();
  const [flowId, setFlowId] = useState<string | null>(null);
  const [sms, setSms] = useState<SmsStatus | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState(false);

  const problems = { name: nameProblem(name), idNumber: idNumberProblem(idType, idNumber), code: smsCodeProblem(code) };

  const start = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!live.check(problems.name, problems.idNumber)) return;
    const result = await action.run(() =>
      graph.request(RequestUsernameRecoveryCodeDocument, {
        input: { name, idType, idNumber, ...captcha.answer },
      }),
    );
    captcha.renew();
    if (!result) return;
    setFlowId(result.requestUsernameRecoveryCode.id);
    setSms(smsStatusOf(result.requestUsernameRecoveryCode.sms));
    live.reset();
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (!flowId || !live.check(problems.code)) return;
    const result = await action.run(() => graph.request(ConfirmUsernameRecoveryDocument, { flowId, code }));
    if (result) setDone(true);
  };

  if (done) {
    return (
      <Page title={t('forgotUsername.title')}>
        <StepHeading title={t('wizard.done')} />
        <Notice tone="success">{t('forgotUsername.done')}</Notice>
        <p>
          <Link to="/sign-in">{t('common.signIn')}</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title={t('forgotUsername.title')}>
      <p>{t('forgotUsername.intro')}</p>
      <StepHeading
        title={flowId ? t('wizard.confirmCode') : t('register.steps.IDENTITY')}
        step={flowId ? 2 : 1}
        total={2}
      />
      <ErrorAlert error={action.error} />
      {!flowId ? (
        <form onSubmit={start} noValidate>
          <Field
            label={t('register.name')}
            name="name"
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={live.leave('name')}
            error={live.message('name', problems.name)}
          />
          <SelectField
            label={t('register.idType')}
            name="idType"
            value={idType}
            onChange={(e) => setIdType(e.target.value as IdType)}
            choices={idTypes.map((type) => ({ value: type, label: t(`idType.${type}`) }))}
          />
          <Field
            label={t('register.idNumber')}
            name="idNumber"
            autoComplete="off"
            required
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
            onBlur={live.leave('idNumber')}
            error={live.message('idNumber', problems.idNumber)}
          />
          <CaptchaField {...captcha.field} hint={smsLimits} />
          <div className="actions">
            <button type="submit" disabled={action.busy}>
              {t('common.send')}
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={confirm} noValidate>
          <p>{t('forgotUsername.codeSent')}</p>
          <SmsCodeField
            value={code}
            onChange={setCode}
            onBlur={live.leave('code')}
            error={live.message('code', problems.code)}
            onSend={() => setFlowId(null)}
            sending={action.busy}
            status={sms}
            destination={t('sms.registeredPhone')}
          />
          <div className="actions">
            <button type="submit" disabled={action.busy}>
              {t('common.submit')}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}
