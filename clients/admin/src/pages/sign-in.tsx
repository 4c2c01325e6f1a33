import { CaptchaField, ErrorAlert, Field, Page, useCaptcha, useGraph, useGraphMutation, useSession } from '@tessera/ui';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ChangeTemporaryPasswordDocument, IssueCaptchaDocument, SignInDocument } from '../gql/graphql';

/** ID-18: a staff member who signed in with a temporary password sets a new one, which signs them in. */
function TemporaryPasswordChange({ ticket }: { ticket: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const change = useGraphMutation(ChangeTemporaryPasswordDocument, {
    onSuccess: ({ changeTemporaryPassword: result }) => {
      if (session.start(result)) navigate('/');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ input: { ticket, newPassword, confirmPassword } });
  };
  return (
    <Page title={t('signIn.newPasswordTitle')}>
      <p>{t('signIn.newPasswordIntro')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={change.error} />
        <Field
          label={t('signIn.newPassword')}
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
        />
        <Field
          label={t('signIn.confirmPassword')}
          name="confirm-password"
          type="password"
          autoComplete="new-password"
          required
          value={confirmPassword}
          onChange={(e) => setConfirmPassword(e.target.value)}
        />
        <div className="actions">
          <button type="submit" disabled={change.isPending}>
            {t('signIn.setPassword')}
          </button>
        </div>
      </form>
    </Page>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const graph = useGraph();
  const session = useSession();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const captcha = useCaptcha(
    useCallback(() => graph.request(IssueCaptchaDocument).then((r) => r.issueCaptcha), [graph]),
  );
  const [ticket, setTicket] = useState<string | null>(null);
  const signIn = useGraphMutation(SignInDocument, {
    onSuccess: ({ signIn: result }) => {
      if (result.status === 'PASSWORD_CHANGE_REQUIRED' && result.passwordChangeTicket) {
        setTicket(result.passwordChangeTicket);
        return;
      }
      if (session.start(result)) navigate('/');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ input: { username, password, totpCode, ...captcha.answer } }, { onError: () => captcha.renew() });
  };
  if (ticket) return <TemporaryPasswordChange ticket={ticket} />;
  return (
    <Page title={t('signIn.title')}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={signIn.error} />
        <Field
          label={t('signIn.username')}
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          label={t('signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
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
        <CaptchaField {...captcha.field} />
        <div className="actions">
          <button type="submit" disabled={signIn.isPending}>
            {t('signIn.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
