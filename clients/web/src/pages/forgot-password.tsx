import { CaptchaField, ErrorAlert, Field, Notice, Page, StepHeading, useGraph } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIssuedCaptcha } from '../captcha';
import { NewPasswordFields } from '../components/new-password-fields';
import { SmsCodeField, type SmsStatus, smsStatusOf } from '../components/sms-code-field';
import { useAction, useLiveValidation } from '../forms';
import {
  AnswerRecoveryQuestionsDocument,
  RequestPasswordRecoveryCodeDocument,
  ResetRecoveredPasswordDocument,
  StartPasswordRecoveryDocument,
  VerifyPasswordRecoveryCodeDocument,
} from '../gql/graphql';
import { confirmationProblem, passwordProblem, requiredProblem, smsCodeProblem } from '../validation';

type Method = 'questions' | 'sms';

/** Forgotten password (ID-14): username + captcha; security questions or ID number + SMS; a new password. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const graph = useGraph();
  const action = useAction();
  const live = useLiveValidation();
  const [username, setUsername] = useState('');
  const captcha = useIssuedCaptcha();
  const [flow, setFlow] = useState<{ flowId: string; questions: { id: string; text: string }[] } | null>(null);
  const [method, setMethod] = useState<Method>('questions');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [idNumber, setIdNumber] = useState('');
  const [sms, setSms] = useState<SmsStatus | null>(null);
  const [code, setCode] = useState('');
  const [verified, setVerified] = useState(false);
  const [password, setPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [done, setDone] = useState(false);
  const step = !flow ? 1 : verified ? 3 : 2;

  const start = async (event: FormEvent) => {
    event.preventDefault();
    if (!live.check(requiredProblem(username))) return;
    const result = await action.run(() =>
      graph.request(StartPasswordRecoveryDocument, { input: { username, ...captcha.answer } }),
    );
    captcha.renew();
    if (result) {
      setFlow(result.startPasswordRecovery);
      live.reset();
    }
  };

  const answer = async (event: FormEvent) => {
    event.preventDefault();
    if (!flow || !live.check(...flow.questions.map((q) => requiredProblem(answers[q.id] ?? '')))) return;
    const input = flow.questions.map((q) => ({ questionId: q.id, answer: answers[q.id] ?? '' }));
    const result = await action.run(() =>
      graph.request(AnswerRecoveryQuestionsDocument, { flowId: flow.flowId, answers: input }),
    );
    if (result) setVerified(true);
  };

  const sendCode = async () => {
    if (!flow || !live.check(requiredProblem(idNumber))) return;
    const result = await action.run(() =>
      graph.request(RequestPasswordRecoveryCodeDocument, { flowId: flow.flowId, idNumber }),
    );
    if (result) setSms(smsStatusOf(result.requestPasswordRecoveryCode));
  };

  const verifyCode = async (event: FormEvent) => {
    event.preventDefault();
    if (!flow || !live.check(smsCodeProblem(code))) return;
    const result = await action.run(() =>
      graph.request(VerifyPasswordRecoveryCodeDocument, { flowId: flow.flowId, code }),
    );
    if (result) {
      setVerified(true);
      live.reset();
    }
  };

  const passwordProblems = {
    password: passwordProblem(password, username),
    confirmPassword: confirmationProblem(password, confirmPassword),
  };
  const reset = async (event: FormEvent) => {
    event.preventDefault();
    if (!flow || !live.check(passwordProblems.password, passwordProblems.confirmPassword)) return;
    const result = await action.run(() =>
      graph.request(ResetRecoveredPasswordDocument, { flowId: flow.flowId, newPassword: password, confirmPassword }),
    );
    if (result) setDone(true);
  };

  if (done) {
    return (
      <Page title={t('forgotPassword.title')}>
        <StepHeading title={t('wizard.done')} />
        <Notice tone="success">{t('forgotPassword.done')}</Notice>
        <p>
          <Link to="/sign-in">{t('common.signIn')}</Link>
        </p>
      </Page>
    );
  }

  const methodChoice = (value: Method, label: string) => (
    <label className="choice">
      <input
        type="radio"
        name="method"
        value={value}
        checked={method === value}
        onChange={() => {
          setMethod(value);
          action.clear();
          live.reset();
        }}
      />
      {label}
    </label>
  );

  return (
    <Page title={t('forgotPassword.title')}>
      <ol className="steps" aria-label={t('register.progress')}>
        {[1, 2, 3].map((n) => (
          <li key={n} aria-current={n === step ? 'step' : undefined}>
            {n}. {t(`forgotPassword.steps.${n}`)}
          </li>
        ))}
      </ol>
      <StepHeading title={t(`forgotPassword.steps.${step}`)} step={step} total={3} />
      <ErrorAlert error={action.error} />
      {step === 1 && (
        <form onSubmit={start} noValidate>
          <Field
            label={t('signIn.username')}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            onBlur={live.leave('username')}
            error={live.message('username', requiredProblem(username))}
          />
          <CaptchaField {...captcha.field} />
          <div className="actions">
            <button type="submit" disabled={action.busy}>
              {t('common.next')}
            </button>
          </div>
        </form>
      )}
      {step === 2 && flow && (
        <>
          <fieldset className="choices">
            <legend>{t('forgotPassword.method')}</legend>
            {methodChoice('questions', t('forgotPassword.byQuestions'))}
            {methodChoice('sms', t('forgotPassword.bySms'))}
          </fieldset>
          {method === 'questions' ? (
            <form onSubmit={answer} noValidate>
              {flow.questions.map((question) => (
                <Field
                  key={question.id}
                  label={question.text}
                  name={`answer-${question.id}`}
                  autoComplete="off"
                  required
                  value={answers[question.id] ?? ''}
                  onChange={(e) => setAnswers((current) => ({ ...current, [question.id]: e.target.value }))}
                  onBlur={live.leave(question.id)}
                  error={live.message(question.id, requiredProblem(answers[question.id] ?? ''))}
                />
              ))}
              <div className="actions">
                <button type="submit" disabled={action.busy}>
                  {t('common.next')}
                </button>
              </div>
            </form>
          ) : (
            <form onSubmit={verifyCode} noValidate>
              <Field
                label={t('register.idNumber')}
                name="idNumber"
                autoComplete="off"
                required
                value={idNumber}
                onChange={(e) => setIdNumber(e.target.value)}
                onBlur={live.leave('idNumber')}
                error={live.message('idNumber', requiredProblem(idNumber))}
              />
              <SmsCodeField
                value={code}
                onChange={setCode}
                onBlur={live.leave('code')}
                error={sms ? live.message('code', smsCodeProblem(code)) : null}
                onSend={() => void sendCode()}
                sending={action.busy}
                status={sms}
                destination={t('sms.registeredPhone')}
              />
              <div className="actions">
                <button type="submit" disabled={action.busy || !sms}>
                  {t('common.next')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
      {step === 3 && (
        <form onSubmit={reset} noValidate>
          <NewPasswordFields
            password={password}
            confirmPassword={confirmPassword}
            onPassword={setPassword}
            onConfirmPassword={setConfirmPassword}
            live={live}
            problems={passwordProblems}
          />
          <div className="actions">
            <button type="submit" disabled={action.busy}>
              {t('common.save')}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}
