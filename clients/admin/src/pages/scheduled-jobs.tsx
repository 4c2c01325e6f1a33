import { type Column, DataTable, ErrorAlert, Loading, Page, useGraphQuery } from '@tessera/ui';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import {
  CertificateScheduledJobsDocument,
  IdentityScheduledJobsDocument,
  RaScheduledJobsDocument,
  type ScheduledJobFieldsFragment,
} from '../gql/graphql';

type Job = ScheduledJobFieldsFragment;

/** Periods are minutes long in production: a refresh every ten seconds follows them closely enough. */
const refreshEveryMs = 10_000;

/** The largest whole unit of a period (10 minutes, 1 hour), seconds when none divides it (tests run 0.4 s). */
const periodUnits = [
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3_600 },
  { unit: 'minute', seconds: 60 },
] as const;

function formatPeriod(seconds: number, language: string): string {
  const whole = periodUnits.find((u) => seconds >= u.seconds && seconds % u.seconds === 0);
  const [unit, value] = whole ? [whole.unit, seconds / whole.seconds] : ['second', seconds];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** A finished run's duration: milliseconds under a second, else seconds with one decimal. */
function formatDuration(job: Job, language: string): string | null {
  const run = job.lastRun;
  if (!run?.finishedAt) return null;
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return ms < 1000
    ? new Intl.NumberFormat(language, { style: 'unit', unit: 'millisecond', unitDisplay: 'short' }).format(ms)
    : new Intl.NumberFormat(language, {
        style: 'unit',
        unit: 'second',
        unitDisplay: 'short',
        maximumFractionDigits: 1,
      }).format(ms / 1000);
}

/**
 * A job's words (issue 17 item 6: no program identifiers on screen); its id, which the logs and
 * metrics name, is the words' tooltip, and the words themselves when the client does not know the job.
 */
function JobName({ name }: { name: string }) {
  const { t } = useTranslation();
  const label = t(`scheduledJobs.job.${name}`, { defaultValue: '' });
  return (
    <span className="job-name" data-job={name} title={name}>
      {label || name}
    </span>
  );
}

function jobColumns(t: TFunction, language: string): Column<Job>[] {
  return [
    { header: t('scheduledJobs.name'), cell: (j) => <JobName name={j.name} /> },
    {
      header: t('scheduledJobs.period'),
      cell: (j) => <span className="nowrap">{formatPeriod(j.periodSeconds, language)}</span>,
    },
    {
      header: t('scheduledJobs.lastRun'),
      cell: (j) => {
        const duration = formatDuration(j, language);
        return (
          <>
            {formatDateTime(j.lastRun?.startedAt, language)}
            {duration && <span className="job-detail">{t('scheduledJobs.took', { duration })}</span>}
          </>
        );
      },
    },
    {
      header: t('scheduledJobs.outcome'),
      cell: (j) =>
        j.lastRun ? (
          <>
            <span
              className={`badge badge-job-${j.lastRun.outcome.toLowerCase()}`}
              data-error-code={j.lastRun.errorCode ?? undefined}
              title={j.lastRun.errorCode ? `${t('scheduledJobs.errorCode')}: ${j.lastRun.errorCode}` : undefined}
            >
              {t(`scheduledJobs.outcomes.${j.lastRun.outcome}`)}
            </span>
          </>
        ) : (
          t('scheduledJobs.neverRun')
        ),
    },
    { header: t('scheduledJobs.lastSuccess'), cell: (j) => formatDateTime(j.lastSuccessAt, language) },
    { header: t('scheduledJobs.nextRun'), cell: (j) => formatDateTime(j.nextRunAt, language) },
    {
      header: t('scheduledJobs.failuresInARow'),
      cell: (j) =>
        j.failuresInARow > 0 ? <strong className="failures-in-a-row">{j.failuresInARow}</strong> : j.failuresInARow,
    },
    {
      header: t('scheduledJobs.runner'),
      cell: (j) => (j.lastRun ? <code className="nowrap">{j.lastRun.runner}</code> : '—'),
    },
  ];
}

/**
 * Issue 13 item 2: the work each service does once per period across its replicas, with its latest
 * run in the cluster, for administrators and auditors. One query per service, so a service that is
 * down shows its error in its own table and the others still show theirs.
 */
export default function ScheduledJobsPage() {
  const { t, i18n } = useTranslation();
  const options = { refetchInterval: refreshEveryMs };
  const identity = useGraphQuery(IdentityScheduledJobsDocument, {}, options);
  const certificate = useGraphQuery(CertificateScheduledJobsDocument, {}, options);
  const ra = useGraphQuery(RaScheduledJobsDocument, {}, options);
  const services = [
    { key: 'identity', query: identity, jobs: identity.data?.identityScheduledJobs },
    { key: 'certificate', query: certificate, jobs: certificate.data?.certificateScheduledJobs },
    { key: 'ra', query: ra, jobs: ra.data?.raScheduledJobs },
  ];
  const columns = jobColumns(t, i18n.language);
  const fetching = services.some((s) => s.query.isFetching);
  const refresh = (
    <button
      type="button"
      className="secondary"
      disabled={fetching}
      onClick={() => {
        for (const service of services) void service.query.refetch();
      }}
    >
      {t('scheduledJobs.refresh')}
    </button>
  );
  return (
    <Page title={t('scheduledJobs.title')} actions={refresh}>
      <p>{t('scheduledJobs.intro')}</p>
      <div className="scheduled-jobs">
        {services.map(({ key, query, jobs }) => (
          <section key={key} aria-labelledby={`jobs-${key}`}>
            <h2 id={`jobs-${key}`}>{t(`scheduledJobs.service.${key}`)}</h2>
            <ErrorAlert error={query.error} />
            {query.isPending ? (
              <Loading />
            ) : query.error ? null : (
              <DataTable
                caption={t(`scheduledJobs.service.${key}`)}
                columns={columns}
                rows={jobs ?? []}
                rowKey={(j) => j.name}
              />
            )}
          </section>
        ))}
      </div>
    </Page>
  );
}
