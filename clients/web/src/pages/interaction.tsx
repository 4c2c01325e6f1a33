import { ErrorAlert, GraphError, Loading, Page } from '@tessera/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useIssuedCaptcha } from '../captcha';
import { CertificateSignInPanel } from '../certificate-sign-in/certificate-sign-in-panel';
import { type SignInCredentials, SignInForm } from '../components/sign-in-form';
import { type Continuation, chosenLanguage, type InteractionDetails, interaction } from '../interaction';

type Step = 'loading' | 'unavailable' | 'login' | 'consent' | 'realName' | 'expired';

const stepOfPrompt: Record<InteractionDetails['prompt'], Step> = {
  login: 'login',
  consent: 'consent',
  real_name_required: 'realName',
};

/** Answers that end the step shown and show another instead of an error. */
const stepOfError: Partial<Record<string, Step>> = {
  SYSTEM_REQUIRES_REAL_NAME: 'realName',
  SSO_INTERACTION_EXPIRED: 'expired',
};

/**
 * The single-sign-on provider's page (issue 12): where a business system's sign-in comes to the
 * platform. It signs the person in (as the sign-in page does), asks their consent to the scopes the
 * system wants, or explains why they cannot go on; every answer sends the browser where the
 * provider says next.
 */
export default function InteractionPage() {
  const { uid = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [details, setDetails] = useState<InteractionDetails | null>(null);
  const [step, setStep] = useState<Step>('loading');
  const [error, setError] = useState<GraphError | null>(null);
  const [busy, setBusy] = useState(false);
  const [askTotp, setAskTotp] = useState(false);
  const captcha = useIssuedCaptcha();

  useEffect(() => {
    let current = true;
    interaction.details(uid).then(
      (loaded) => {
        if (!current) return;
        const language = chosenLanguage(loaded.uiLocales);
        if (language && language !== i18n.language) void i18n.changeLanguage(language);
        setDetails(loaded);
        setStep(stepOfPrompt[loaded.prompt]);
      },
      (failure: unknown) => {
        if (!current) return;
        const known = failure instanceof GraphError ? failure : null;
        setError(known);
        setStep((known && stepOfError[known.code]) ?? 'unavailable');
      },
    );
    return () => {
      current = false;
    };
  }, [uid, i18n]);

  /** Sends one answer; on success the browser leaves for where the provider continues. */
  const send = async (call: () => Promise<Continuation>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const { redirectTo } = await call();
      window.location.assign(redirectTo);
      return true;
    } catch (failure) {
      setBusy(false);
      if (!(failure instanceof GraphError)) throw failure;
      const next = stepOfError[failure.code];
      if (next) {
        setStep(next);
        return false;
      }
      if (failure.code === 'TOTP_REQUIRED') setAskTotp(true);
      setError(failure);
      return false;
    }
  };

  const signIn = async (credentials: SignInCredentials) => {
    const answer =
      credentials.method === 'username'
        ? { ...credentials, method: 'password' as const }
        : { ...credentials, method: 'legacy_id_number' as const };
    if (!(await send(() => interaction.login(uid, { ...answer, ...captcha.answer })))) captcha.renew();
  };
  const abort = () => void send(() => interaction.abort(uid));
  /** The certificate method: the panel shows its own errors; answers that change the step change it. */
  const signInWithCertificate = async (answer: { challengeId: string; certificate: string; signature: string }) => {
    try {
      const { redirectTo } = await interaction.certificate(uid, answer);
      window.location.assign(redirectTo);
    } catch (failure) {
      const next = failure instanceof GraphError ? stepOfError[failure.code] : undefined;
      if (!next) throw failure;
      setStep(next);
    }
  };

  if (step === 'loading') return <Loading />;
  if (step === 'expired') {
    return (
      <Page key={step} title={t('interaction.expiredTitle')} focusHeading>
        <p>{t('interaction.expiredIntro')}</p>
      </Page>
    );
  }
  if (step === 'unavailable' || !details) {
    return (
      <Page key={step} title={t('signIn.title')} focusHeading>
        <ErrorAlert error={error ?? new GraphError('NETWORK_ERROR', t('common.offline'))} />
      </Page>
    );
  }

  const system = details.system.name;
  if (step === 'realName') {
    return (
      <Page key={step} title={t('interaction.realNameTitle', { system })} focusHeading>
        <ErrorAlert error={error} />
        <p>{t('interaction.realNameIntro', { system })}</p>
        <p>{t('interaction.realNameHow')}</p>
        <div className="actions">
          <button type="button" disabled={busy} onClick={abort}>
            {t('interaction.realNameBack', { system })}
          </button>
          <Link to="/account">{t('interaction.realNameAccount')}</Link>
        </div>
      </Page>
    );
  }
  if (step === 'consent') {
    return (
      <Page key={step} title={t('interaction.consentTitle', { system })} focusHeading>
        <ErrorAlert error={error} />
        <p id="consent-scopes">{t('interaction.consentIntro', { system })}</p>
        <ul className="scopes" aria-labelledby="consent-scopes">
          {details.scopes.map((scope) => (
            <li key={scope} data-scope={scope}>
              {t(`interaction.scopes.${scope}`, { defaultValue: scope })}
            </li>
          ))}
        </ul>
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void send(() => interaction.consent(uid))}>
            {t('interaction.allow')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={abort}>
            {t('interaction.deny')}
          </button>
        </div>
      </Page>
    );
  }
  return (
    <Page key={step} title={t('interaction.signInTitle', { system })} focusHeading>
      <p>{t('interaction.signInIntro', { system })}</p>
      <SignInForm
        legacyIdSignIn={details.legacyIdSignInOpen}
        initialUsername={details.loginHint}
        askTotp={askTotp}
        captcha={captcha}
        busy={busy}
        error={error}
        remedy={
          error?.code === 'PASSWORD_CHANGE_REQUIRED' ? (
            <p>
              {t('interaction.staffPasswordChange')} <a href="/admin/">{t('interaction.staffPasswordChangeLink')}</a>
            </p>
          ) : (
            error?.code === 'LEGACY_SIGN_IN_ENDED' && (
              <p>
                <Link to="/register">{t('signIn.registerNow')}</Link>
              </p>
            )
          )
        }
        onMethodChange={() => setError(null)}
        certificate={(labelledBy) => (
          <CertificateSignInPanel
            labelledBy={labelledBy}
            challenge={() => interaction.challenge(uid)}
            reportPin={(challengeId, serialNumber, correct) =>
              interaction.pinAttempt(uid, { challengeId, serialNumber, correct })
            }
            signIn={signInWithCertificate}
          />
        )}
        onSubmit={(credentials) => void signIn(credentials)}
      >
        <ul className="links">
          <li>
            <Link to="/forgot-username">{t('signIn.forgotUsername')}</Link>
          </li>
          <li>
            <Link to="/forgot-password">{t('signIn.forgotPassword')}</Link>
          </li>
        </ul>
      </SignInForm>
    </Page>
  );
}
