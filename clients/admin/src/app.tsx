import { Loading, NotFoundPage, SignOutButton, useSession } from '@tessera/ui';
import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { type DeskGroup, DeskLayout } from './desk/desk-layout';
import { SignOutDocument } from './gql/graphql';
import { SignInPage } from './pages/sign-in';
import { WorkbenchPage } from './pages/workbench';
import { hasAny, useRoles } from './roles';
import { navGroups, sections } from './sections';

const Application = lazy(() => import('./pages/application'));

/** Each section's page, loaded when first opened (the ad-hoc query page with GraphiQL and Monaco above all). */
const pages: Record<string, LazyExoticComponent<ComponentType>> = {
  agency: lazy(() => import('./pages/agency')),
  entry: lazy(() => import('./pages/entry')),
  review: lazy(() => import('./pages/review')),
  issuing: lazy(() => import('./pages/issuing')),
  archive: lazy(() => import('./pages/archive')),
  completed: lazy(() => import('./pages/completed')),
  register: lazy(() => import('./pages/register')),
  certificates: lazy(() => import('./pages/certificates')),
  fees: lazy(() => import('./pages/fees')),
  log: lazy(() => import('./pages/operation-log')),
  caCalls: lazy(() => import('./pages/ca-calls')),
  users: lazy(() => import('./pages/users')),
  unitAccounts: lazy(() => import('./pages/unit-accounts')),
  systems: lazy(() => import('./pages/systems')),
  signOutNotices: lazy(() => import('./pages/sign-out-notices')),
  sms: lazy(() => import('./pages/sms')),
  scheduledJobs: lazy(() => import('./pages/scheduled-jobs')),
  adHoc: lazy(() => import('./ad-hoc/ad-hoc-queries')),
  dashboards: lazy(() => import('./pages/dashboards')),
};

const servicePages: Record<string, LazyExoticComponent<ComponentType>> = {
  consultations: lazy(() => import('./pages/service/consultations')),
  summary: lazy(() => import('./pages/service/summary')),
  phone: lazy(() => import('./pages/service/phone')),
  'on-site': lazy(() => import('./pages/service/on-site')),
  complaints: lazy(() => import('./pages/service/complaints')),
  surveys: lazy(() => import('./pages/service/surveys')),
};

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const roles = useRoles();
  if (!session.signedIn()) {
    return (
      <DeskLayout brand={t('brand')} groups={[]}>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="*" element={<Navigate to="/sign-in" replace />} />
        </Routes>
      </DeskLayout>
    );
  }
  const allowed = sections.filter((section) => hasAny(roles, section.roles));
  const groups: DeskGroup[] = [
    { key: 'start', links: [{ to: '/', label: t('nav.workbench') }] },
    ...navGroups.map((group) => ({
      key: group,
      label: t(`navGroup.${group}`),
      links: allowed
        .filter((section) => section.group === group)
        .map((section) => ({ to: section.path, label: t(`section.${section.key}.nav`) })),
    })),
  ].filter((group) => group.links.length > 0);
  const service = allowed.some((section) => section.key === 'service');
  return (
    <DeskLayout
      brand={t('brand')}
      groups={groups}
      account={<SignOutButton signOut={SignOutDocument} after="/sign-in" />}
    >
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<WorkbenchPage />} />
          <Route path="/sign-in" element={<Navigate to="/" replace />} />
          <Route path="/applications/:id" element={<Application />} />
          {allowed
            .filter((section) => section.key !== 'service')
            .map((section) => {
              const SectionPage = pages[section.key] as LazyExoticComponent<ComponentType>;
              return <Route key={section.key} path={section.path} element={<SectionPage />} />;
            })}
          {service &&
            Object.entries(servicePages).map(([part, ServicePart]) => (
              <Route key={part} path={`/service/${part}`} element={<ServicePart />} />
            ))}
          <Route path="*" element={<NotFoundPage home={t('nav.home')} />} />
        </Routes>
      </Suspense>
    </DeskLayout>
  );
}
