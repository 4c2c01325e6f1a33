import {
  CaptchaField,
  ErrorAlert,
  Field,
  Loading,
  Page,
  SelectField,
  StepHeading,
  useGraph,
  useGraphQuery,
} from '@tessera/ui';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useIssuedCaptcha } from '../captcha';
import { SmsCodeField, type SmsStatus, smsStatusOf, useSmsLimitsHint } from '../components/sms-code-field';
import { useAction, useLiveValidation } from '../forms';
import {
  BanksDocument,
  CompleteRegistrationDocument,
  type IdType,
  RegistrationBackDocument,
  RegistrationFlowDocument,
  type RegistrationFlowFieldsFragment,
  SendRegistrationCodeDocument,
  StartRegistrationDocument,
  SubmitRegistrationIdentityDocument,
  SubmitRegistrationLoginDocument,
} from '../gql/graphql';
import {
  cardProblem,
  confirmationProblem,
  idNumberProblem,
  idTypes,
  mobileProblem,
  nameProblem,
  passwordPolicy,
  passwordProblem,
  requiredProblem,
  smsCodeProblem,
  usernameProblem,
} from '../validation';
import type { SignInState } from './sign-in';

type Flow = RegistrationFlowFieldsFragment;

const steps = ['LOGIN', 'IDENTITY', 'VERIFICATION'] as const;
const flowKey = 'tessera.web.registration';

interface Values {
  username: string;
  password: string;
  confirmPassword: string;
  name: string;
  idType: string;
  idNumber: string;
  bankCode: string;
  cardNumber: string;
  phone: string;
  code: string;
}

const empty: Values = {
  username: '',
  password: '',
  confirmPassword: '',
  name: '',
  idType: 'RESIDENT_ID_CARD',
  idNumber: '',
  bankCode: '',
  cardNumber: '',
  phone: '',
  code: '',
};

/** The entered values the server kept, over what is on screen (passwords never come back). */
function valuesOf(flow: Flow, current: Values): Values {
  return {
    ...current,
    username: flow.username ?? current.username,
    name: flow.name ?? current.name,
    idType: flow.idType ?? current.idType,
    idNumber: flow.idNumber ?? current.idNumber,
    bankCode: flow.bankCode ?? current.bankCode,
    cardNumber: flow.cardNumber ?? current.cardNumber,
    phone: flow.phone ?? current.phone,
  };
}

const maskPhone = (phone: string) => (phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone);

/** Citizen registration (ID-1..ID-9): three steps carried by a server-side flow. */
export default function RegisterPage() {
  const { t, i18n } = useTranslation();
  const graph = useGraph();
  const navigate = useNavigate();
  const [flow, setFlow] = useState<Flow | null>(null);
  const [values, setValues] = useState<Values>(empty);
  const [sms, setSms] = useState<SmsStatus | null>(null);
  // ID-10: a captcha before every text message; single use, so a new image after each try.
  const captcha = useIssuedCaptcha();
  const action = useAction();
  const live = useLiveValidation();
  const started = useRef(false);
  const banks = useGraphQuery(BanksDocument, {});
  const smsLimits = useSmsLimitsHint();

  const show = (next: Flow) => {
    setFlow(next);
    sessionStorage.setItem(flowKey, next.id);
    if (next.sms) setSms(smsStatusOf(next.sms));
  };

  const start = async () => {
    const fresh = await action.run(() => graph.request(StartRegistrationDocument));
    if (fresh) {
      setValues(empty);
      setSms(null);
      live.reset();
      show(fresh.startRegistration);
    }
  };

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const stored = sessionStorage.getItem(flowKey);
    if (!stored) {
      void start();
      return;
    }
    graph.request(RegistrationFlowDocument, { id: stored }).then(
      ({ registrationFlow }) => {
        if (registrationFlow.step === 'COMPLETED') return void start();
        setValues((current) => valuesOf(registrationFlow, current));
        show(registrationFlow);
      },
      () => void start(),
    );
  }, []);

  // ID-9: follow the delivery while the message is still on its way.
  const travelling = sms?.state === 'QUEUED' || sms?.state === 'RETRYING';
  const delivery = useGraphQuery(
    RegistrationFlowDocument,
    { id: flow?.id ?? '' },
    { enabled: !!flow && travelling, refetchInterval: 1500, staleTime: 0 },
  );
  useEffect(() => {
    const polled = delivery.data?.registrationFlow.sms;
    if (polled) setSms((current) => (current ? { ...current, state: polled.state } : current));
  }, [delivery.data]);

  if (!flow) {
    return <Page title={t('register.title')}>{action.error ? <ErrorAlert error={action.error} /> : <Loading />}</Page>;
  }

  const set = (field: keyof Values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const advance = async (send: () => Promise<Flow | undefined>) => {
    const next = await send();
    if (next) {
      live.reset();
      show(next);
    }
  };

  const back = () =>
    advance(
      async () =>
        (await action.run(() => graph.request(RegistrationBackDocument, { flowId: flow.id })))?.registrationBack,
    );

  const problems = {
    username: usernameProblem(values.username),
    password: values.password || !flow.passwordSet ? passwordProblem(values.password, values.username) : null,
    confirmPassword: values.password ? confirmationProblem(values.password, values.confirmPassword) : null,
    name: nameProblem(values.name),
    idNumber: idNumberProblem(values.idType, values.idNumber),
    bankCode: requiredProblem(values.bankCode),
    cardNumber: cardProblem(values.cardNumber),
    phone: mobileProblem(values.phone),
    code: smsCodeProblem(values.code),
    captcha: requiredProblem(captcha.answer.captchaAnswer),
  };

  const submitLogin = (event: FormEvent) => {
    event.preventDefault();
    if (!live.check(problems.username, problems.password, problems.confirmPassword)) return;
    void advance(async () => {
      const input = { username: values.username, password: values.password, confirmPassword: values.confirmPassword };
      const result = await action.run(() => graph.request(SubmitRegistrationLoginDocument, { flowId: flow.id, input }));
      return result?.submitRegistrationLogin;
    });
  };

  const submitIdentity = (event: FormEvent) => {
    event.preventDefault();
    if (!live.check(problems.name, problems.idNumber)) return;
    void advance(async () => {
      const input = { name: values.name, idType: values.idType as IdType, idNumber: values.idNumber };
      const result = await action.run(() =>
        graph.request(SubmitRegistrationIdentityDocument, { flowId: flow.id, input }),
      );
      return result?.submitRegistrationIdentity;
    });
  };

  const sendCode = () => {
    live.needs('captcha');
    if (!live.check(problems.bankCode, problems.cardNumber, problems.phone, problems.captcha)) return;
    void advance(async () => {
      const input = {
        bankCode: values.bankCode,
        cardNumber: values.cardNumber,
        phone: values.phone,
        ...captcha.answer,
      };
      const result = await action.run(() => graph.request(SendRegistrationCodeDocument, { flowId: flow.id, input }));
      captcha.renew();
      live.renewed('captcha');
      return result?.sendRegistrationCode;
    });
  };

  const complete = async (event: FormEvent) => {
    event.preventDefault();
    if (!live.check(problems.bankCode, problems.cardNumber, problems.phone, problems.code)) return;
    if (!sms) return sendCode();
    const result = await action.run(() =>
      graph.request(CompleteRegistrationDocument, { flowId: flow.id, code: values.code }),
    );
    if (!result) return;
    sessionStorage.removeItem(flowKey);
    const state: SignInState = { notice: 'registered', username: result.completeRegistration.username };
    navigate('/sign-in', { state });
  };

  const field = (name: keyof Values & keyof typeof problems) => ({
    name,
    value: values[name],
    onChange: set(name),
    onBlur: live.leave(name),
    error: live.message(name, problems[name]),
  });

  const stepIndex = steps.indexOf(flow.step as (typeof steps)[number]);
  const bankName = (bank: { nameZh: string; nameEn: string }) => (i18n.language === 'en' ? bank.nameEn : bank.nameZh);
  const bankChoices = [
    { value: '', label: t('register.chooseBank'), disabled: true },
    ...(banks.data?.banks ?? []).map((bank) => ({
      value: bank.code,
      label: bank.connected ? bankName(bank) : t('register.bankUpgrading', { bank: bankName(bank) }),
      disabled: !bank.connected,
    })),
  ];
  const backButton = (
    <button type="button" className="secondary" onClick={back} disabled={action.busy}>
      {t('common.back')}
    </button>
  );

  return (
    <Page title={t('register.title')}>
      <ol className="steps" aria-label={t('register.progress')}>
        {steps.map((step, index) => (
          <li key={step} aria-current={index === stepIndex ? 'step' : undefined}>
            <span className="visually-hidden">{t('register.stepOf', { n: index + 1, total: steps.length })}</span>
            {index + 1}. {t(`register.steps.${step}`)}
          </li>
        ))}
      </ol>
      <StepHeading title={t(`register.steps.${flow.step}`)} step={stepIndex + 1} total={steps.length} />
      <ErrorAlert error={action.error} />
      {action.error?.code === 'IDENTITY_MISMATCH' && (
        <div className="actions">
          <button type="button" className="secondary" onClick={back}>
            {t('register.correctIdentity')}
          </button>
        </div>
      )}
      {(action.error?.code === 'REGISTRATION_FLOW_EXPIRED' ||
        action.error?.code === 'VERIFICATION_ATTEMPTS_EXCEEDED') && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void start()}>
            {t('register.restart')}
          </button>
        </div>
      )}

      {flow.step === 'LOGIN' && (
        <form onSubmit={submitLogin} noValidate aria-label={t('register.steps.LOGIN')}>
          <Field
            label={t('register.username')}
            autoComplete="username"
            required
            hint={t('register.usernameHint')}
            {...field('username')}
          />
          <Field
            label={t('register.password')}
            type="password"
            autoComplete="new-password"
            required
            hint={t('register.passwordHint', passwordPolicy)}
            {...field('password')}
          />
          <Field
            label={t('register.confirmPassword')}
            type="password"
            autoComplete="new-password"
            required
            {...field('confirmPassword')}
          />
          <div className="actions">
            <button type="submit" disabled={action.busy}>
              {t('common.next')}
            </button>
          </div>
        </form>
      )}

      {flow.step === 'IDENTITY' && (
        <form onSubmit={submitIdentity} noValidate aria-label={t('register.steps.IDENTITY')}>
          <Field label={t('register.name')} autoComplete="name" required {...field('name')} />
          <SelectField
            label={t('register.idType')}
            name="idType"
            value={values.idType}
            onChange={set('idType')}
            choices={idTypes.map((type) => ({ value: type, label: t(`idType.${type}`) }))}
          />
          <Field label={t('register.idNumber')} autoComplete="off" required {...field('idNumber')} />
          <div className="actions">
            {backButton}
            <button type="submit" disabled={action.busy}>
              {t('common.next')}
            </button>
          </div>
        </form>
      )}

      {flow.step === 'VERIFICATION' && (
        <form onSubmit={complete} noValidate aria-label={t('register.steps.VERIFICATION')}>
          <SelectField
            label={t('register.bank')}
            hint={t('register.bankHint')}
            required
            choices={bankChoices}
            {...field('bankCode')}
          />
          <Field
            label={t('register.cardNumber')}
            inputMode="numeric"
            autoComplete="off"
            required
            hint={t('register.cardHint')}
            {...field('cardNumber')}
          />
          <Field
            label={t('register.phone')}
            type="tel"
            inputMode="numeric"
            autoComplete="tel-national"
            required
            hint={t('register.phoneHint')}
            {...field('phone')}
          />
          <CaptchaField {...captcha.field} hint={smsLimits} error={live.message('captcha', problems.captcha)} />
          <SmsCodeField
            value={values.code}
            onChange={(code) => setValues((current) => ({ ...current, code }))}
            onBlur={live.leave('code')}
            error={sms ? live.message('code', problems.code) : null}
            onSend={sendCode}
            sending={action.busy}
            status={sms}
            destination={maskPhone(values.phone)}
          />
          <div className="actions">
            {backButton}
            <button type="submit" disabled={action.busy || !sms}>
              {t('register.complete')}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}
