import { CaptchaField, ErrorAlert, Field, Page, useGraph, useSession } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useIssuedCaptcha } from '../captcha';
import { AccountNav } from '../components/account-nav';
import { NewPasswordFields } from '../components/new-password-fields';
import { useAction, useLiveValidation } from '../forms';
import { ChangePasswordDocument } from '../gql/graphql';
import { confirmationProblem, passwordProblem, requiredProblem } from '../validation';
import type { SignInState } from './sign-in';

/** Changing the password (ID-15): every session ends, then the citizen signs in again. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const graph = useGraph();
  const session = useSession();
  const navigate = useNavigate();
  const action = useAction();
  const live = useLiveValidation();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const captcha = useIssuedCaptcha();

  const problems = {
    current: requiredProblem(current),
    password:
      passwordProblem(password) ?? (password && password === current ? { key: 'validation.sameAsCurrent' } : null),
    confirmPassword: confirmationProblem(password, confirmPassword),
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!live.check(problems.current, problems.password, problems.confirmPassword)) return;
    const input = { currentPassword: current, newPassword: password, confirmPassword, ...captcha.answer };
    const result = await action.run(() => graph.request(ChangePasswordDocument, { input }));
    if (!result) {
      captcha.renew();
      return;
    }
    const state: SignInState = { notice: 'passwordChanged' };
    navigate('/sign-in', { state });
    session.end();
  };

  return (
    <Page title={t('password.title')}>
      <AccountNav />
      <p>{t('password.intro')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={action.error} />
        <Field
          label={t('password.current')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          onBlur={live.leave('current')}
          error={live.message('current', problems.current)}
        />
        <NewPasswordFields
          password={password}
          confirmPassword={confirmPassword}
          onPassword={setPassword}
          onConfirmPassword={setConfirmPassword}
          live={live}
          problems={problems}
        />
        <CaptchaField {...captcha.field} />
        <div className="actions">
          <button type="submit" disabled={action.busy}>
            {t('password.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
