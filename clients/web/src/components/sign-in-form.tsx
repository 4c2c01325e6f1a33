import { CaptchaField, type CaptchaState, ErrorAlert, Field, type GraphError } from '@tessera/ui';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type SignInMethod = 'username' | 'idNumber' | 'certificate';

/** What the person typed, by method. */
export type SignInCredentials =
  | { method: 'username'; username: string; password: string; totpCode?: string }
  | { method: 'idNumber'; idNumber: string; password: string };

export interface SignInFormProps {
  /** Offer the ID-number tab (ID-11, the transition period). */
  legacyIdSignIn: boolean;
  initialUsername?: string;
  /** Ask for the staff member's one-time code (after the server answered TOTP_REQUIRED). */
  askTotp?: boolean;
  captcha: CaptchaState;
  busy: boolean;
  error: GraphError | null;
  /** Shown under the error: what the person can do about it. */
  remedy?: ReactNode;
  onMethodChange(): void;
  onSubmit(credentials: SignInCredentials): void;
  /** Issue 15: the certificate sign-in (证书登录) tab's panel, labelled by the tab with the given id. */
  certificate?: (labelledBy: string) => ReactNode;
  /** Links under the form. */
  children?: ReactNode;
}

/**
 * The sign-in form: username (ID-10), or ID number during the transition period (ID-11), password
 * and captcha, or a certificate (issue 15) in a tab of its own; the platform's own sign-in page and
 * the single-sign-on provider's use it alike.
 */
export function SignInForm(props: SignInFormProps) {
  const { t } = useTranslation();
  const [chosen, setMethod] = useState<SignInMethod>('username');
  const method: SignInMethod =
    chosen === 'idNumber' && !props.legacyIdSignIn
      ? 'username'
      : chosen === 'certificate' && !props.certificate
        ? 'username'
        : chosen;
  const tabbed = props.legacyIdSignIn || Boolean(props.certificate);
  const [username, setUsername] = useState(props.initialUsername ?? '');
  const [idNumber, setIdNumber] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (method === 'certificate') return;
    props.onSubmit(
      method === 'username'
        ? { method, username, password, ...(props.askTotp ? { totpCode } : {}) }
        : { method, idNumber, password },
    );
  };

  const tab = (value: SignInMethod, label: string) => (
    <button
      type="button"
      role="tab"
      id={`sign-in-${value}`}
      aria-selected={method === value}
      aria-controls="sign-in-form"
      className={method === value ? 'tab tab-active' : 'tab'}
      onClick={() => {
        setMethod(value);
        props.onMethodChange();
      }}
    >
      {label}
    </button>
  );

  const form = (
    <form
      id="sign-in-form"
      role={tabbed ? 'tabpanel' : undefined}
      aria-labelledby={tabbed ? `sign-in-${method}` : undefined}
      onSubmit={submit}
      noValidate
    >
      <ErrorAlert error={props.error} />
      {props.remedy}
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
      {props.askTotp && method === 'username' && (
        <Field
          label={t('signIn.totp')}
          hint={t('signIn.totpHint')}
          name="totp"
          autoComplete="one-time-code"
          inputMode="numeric"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={totpCode}
          onChange={(e) => setTotpCode(e.target.value)}
        />
      )}
      <CaptchaField {...props.captcha.field} />
      <div className="actions">
        <button type="submit" disabled={props.busy}>
          {t('signIn.submit')}
        </button>
      </div>
      {props.children}
    </form>
  );

  if (!tabbed) return form;
  return (
    <>
      <div className="tabs" role="tablist" aria-label={t('signIn.method')}>
        {tab('username', t('signIn.byUsername'))}
        {props.legacyIdSignIn && tab('idNumber', t('signIn.byIdNumber'))}
        {props.certificate && tab('certificate', t('signIn.byCertificate'))}
      </div>
      {method === 'certificate' && props.certificate ? (
        <>
          {props.certificate('sign-in-certificate')}
          {props.children}
        </>
      ) : (
        form
      )}
    </>
  );
}
