import { ErrorHelpProvider, Layout, Loading, NotFoundPage, SignOutButton, useSession } from '@tessera/ui';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { RequireSignIn } from './components/require-sign-in';
import { errorHelp } from './error-help';
import { SignOutDocument } from './gql/graphql';
import { HomePage } from './pages/home';
import { SignInPage } from './pages/sign-in';

const Register = lazy(() => import('./pages/register'));
const ForgotUsername = lazy(() => import('./pages/forgot-username'));
const ForgotPassword = lazy(() => import('./pages/forgot-password'));
const Profile = lazy(() => import('./pages/profile'));
const ChangePassword = lazy(() => import('./pages/change-password'));
const SecurityQuestions = lazy(() => import('./pages/security-questions'));
const Sessions = lazy(() => import('./pages/sessions'));
const Certificates = lazy(() => import('./pages/certificates'));
const Apply = lazy(() => import('./pages/apply'));
const Status = lazy(() => import('./pages/status'));
const Help = lazy(() => import('./pages/help'));
const ErrorCodes = lazy(() => import('./pages/error-codes'));
const Interaction = lazy(() => import('./pages/interaction'));
const Privacy = lazy(() => import('./pages/privacy'));

const signedIn = (page: ReactNode) => <RequireSignIn>{page}</RequireSignIn>;

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const nav = [
    { to: '/', label: t('nav.home') },
    ...(session.signedIn()
      ? [
          { to: '/certificates', label: t('nav.certificates') },
          { to: '/account', label: t('nav.account') },
        ]
      : []),
    { to: '/status', label: t('nav.status') },
    { to: '/help', label: t('nav.help') },
    ...(session.signedIn()
      ? []
      : [
          { to: '/sign-in', label: t('nav.signIn') },
          { to: '/register', label: t('nav.register') },
        ]),
  ];
  return (
    <ErrorHelpProvider help={errorHelp}>
      <Layout brand={t('brand')} nav={nav} account={<SignOutButton signOut={SignOutDocument} after="/" />}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/register" element={<Register />} />
            <Route path="/forgot-username" element={<ForgotUsername />} />
            <Route path="/forgot-password" element={<ForgotPassword />} />
            <Route path="/account" element={signedIn(<Profile />)} />
            <Route path="/account/password" element={signedIn(<ChangePassword />)} />
            <Route path="/account/security-questions" element={signedIn(<SecurityQuestions />)} />
            <Route path="/account/sessions" element={signedIn(<Sessions />)} />
            <Route path="/certificates" element={signedIn(<Certificates />)} />
            <Route path="/certificates/apply" element={signedIn(<Apply />)} />
            <Route path="/status" element={<Status />} />
            <Route path="/help" element={<Help />} />
            <Route path="/help/error-codes" element={<ErrorCodes />} />
            <Route path="/oidc/interaction/:uid" element={<Interaction />} />
            <Route path="/privacy" element={<Privacy />} />
            <Route path="*" element={<NotFoundPage home={t('nav.home')} />} />
          </Routes>
        </Suspense>
      </Layout>
    </ErrorHelpProvider>
  );
}
