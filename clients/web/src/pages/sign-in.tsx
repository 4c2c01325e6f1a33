import { CaptchaField, ErrorAlert, Field, Notice, Page, useGraph } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useIssuedCaptcha } from '../captcha';
import { useAction } from '../forms';
import { SignInByIdNumberDocument, SignInDocument } from '../gql/graphql';
import { session } from '../tessera';

type Method = 'username' | 'idNumber';

/** What another page hands over when it sends the citizen here. */
export interface SignInState {
  from?: string;
  notice?: 'registered' | 'passwordChanged' | 'passwordReset';
  username?: string;
}

/** Sign-in by username (ID-10), or by ID number during the transition period (ID-11). */
export function SignInPage() {
  const { t } = useTranslation();
  const graph = useGraph();
  const navigate = useNavigate();
  const handedOver = (useLocation().state ?? {}) as SignInState;
  const [method, setMethod] = useState<Method>('username');
  const [username, setUsername] = useState(handedOver.username ?? '');
  const [idNumber, setIdNumber] = useState('');
  const [password, setPassword] = useState('');
  const captcha = useIssuedCaptcha();
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await action.run(async () =>
      method === 'username'
        ? (await graph.request(SignInDocument, { input: { username, password, ...captcha.answer } })).signIn
        : (
            await graph.request(SignInByIdNumberDocument, {
              input: { idNumber, password, ...captcha.answer },
            })
          ).signInByIdNumber,
    );
    if (result && session.start(result)) navigate(handedOver.from ?? '/');
    else captcha.renew();
  };

  const tab = (value: Method, label: string) => (
    <button
      type="button"
      role="tab"
      id={`sign-in-${value}`}
      aria-selected={method === value}
      aria-controls="sign-in-form"
      className={method === value ? 'tab tab-active' : 'tab'}
      onClick={() => {
        setMethod(value);
        action.clear();
      }}
    >
      {label}
    </button>
  );

  return (
    <Page title={t('signIn.title')}>
      {handedOver.notice && <Notice tone="success">{t(`signIn.notice.${handedOver.notice}`)}</Notice>}
      <div className="tabs" role="tablist" aria-label={t('signIn.method')}>
        {tab('username', t('signIn.byUsername'))}
        {tab('idNumber', t('signIn.byIdNumber'))}
      </div>
      <form id="sign-in-form" role="tabpanel" aria-labelledby={`sign-in-${method}`} onSubmit={submit} noValidate>
        <ErrorAlert error={action.error} />
        {action.error?.code === 'LEGACY_SIGN_IN_ENDED' && (
          <p>
            <Link to="/register">{t('signIn.registerNow')}</Link>
          </p>
        )}
        {method === 'username' ? (
          <Field
            label={t('signIn.username')}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        ) : (
          <>
            <p className="field-hint">{t('signIn.legacyHint')}</p>
            <Field
              label={t('signIn.idNumber')}
              name="idNumber"
              autoComplete="off"
              required
              value={idNumber}
              onChange={(e) => setIdNumber(e.target.value)}
            />
          </>
        )}
        <Field
          label={t('signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <CaptchaField {...captcha.field} />
        <div className="actions">
          <button type="submit" disabled={action.busy}>
            {t('signIn.submit')}
          </button>
        </div>
        <ul className="links">
          <li>
            <Link to="/forgot-username">{t('signIn.forgotUsername')}</Link>
          </li>
          <li>
            <Link to="/forgot-password">{t('signIn.forgotPassword')}</Link>
          </li>
          <li>
            <Link to="/register">{t('signIn.register')}</Link>
          </li>
        </ul>
      </form>
    </Page>
  );
}
