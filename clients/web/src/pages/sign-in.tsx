import { Notice, Page, useGraph, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useIssuedCaptcha } from '../captcha';
import { CertificateSignInPanel } from '../certificate-sign-in/certificate-sign-in-panel';
import { type SignInCredentials, SignInForm } from '../components/sign-in-form';
import { useAction } from '../forms';
import {
  IssueCertificateChallengeDocument,
  LegacyIdSignInDocument,
  ReportCertificateSignInPinAttemptDocument,
  SignInByIdNumberDocument,
  SignInDocument,
  SignInWithCertificateDocument,
} from '../gql/graphql';
import { session } from '../tessera';

/** What another page hands over when it sends the citizen here. */
export interface SignInState {
  from?: string;
  notice?: 'registered' | 'passwordChanged' | 'passwordReset';
  username?: string;
}

/** Sign-in by username (ID-10), by ID number during the transition period (ID-11), or with a certificate (issue 15). */
export function SignInPage() {
  const { t } = useTranslation();
  const graph = useGraph();
  const navigate = useNavigate();
  const handedOver = (useLocation().state ?? {}) as SignInState;
  const captcha = useIssuedCaptcha();
  const action = useAction();
  // ID-11: the ID-number tab only while the graph says the transition is open (never a dead end after it).
  const legacy = useGraphQuery(LegacyIdSignInDocument, {});

  const submit = async (credentials: SignInCredentials) => {
    const result = await action.run(async () =>
      credentials.method === 'username'
        ? (
            await graph.request(SignInDocument, {
              input: { username: credentials.username, password: credentials.password, ...captcha.answer },
            })
          ).signIn
        : (
            await graph.request(SignInByIdNumberDocument, {
              input: { idNumber: credentials.idNumber, password: credentials.password, ...captcha.answer },
            })
          ).signInByIdNumber,
    );
    if (result && session.start(result)) navigate(handedOver.from ?? '/');
    else captcha.renew();
  };

  const certificate = (labelledBy: string) => (
    <CertificateSignInPanel
      labelledBy={labelledBy}
      challenge={async () => (await graph.request(IssueCertificateChallengeDocument)).issueCertificateChallenge}
      reportPin={async (challengeId, serialNumber, correct) =>
        (await graph.request(ReportCertificateSignInPinAttemptDocument, { challengeId, serialNumber, correct }))
          .reportCertificateSignInPinAttempt
      }
      signIn={async (input) => {
        const result = (await graph.request(SignInWithCertificateDocument, { input })).signInWithCertificate;
        if (session.start(result)) navigate(handedOver.from ?? '/');
      }}
    />
  );

  return (
    <Page title={t('signIn.title')}>
      {handedOver.notice && <Notice tone="success">{t(`signIn.notice.${handedOver.notice}`)}</Notice>}
      <SignInForm
        legacyIdSignIn={legacy.data?.legacyIdSignIn.open ?? false}
        initialUsername={handedOver.username}
        captcha={captcha}
        busy={action.busy}
        error={action.error}
        remedy={
          action.error?.code === 'LEGACY_SIGN_IN_ENDED' && (
            <p>
              <Link to="/register">{t('signIn.registerNow')}</Link>
            </p>
          )
        }
        onMethodChange={action.clear}
        certificate={certificate}
        onSubmit={(credentials) => void submit(credentials)}
      >
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
      </SignInForm>
    </Page>
  );
}
