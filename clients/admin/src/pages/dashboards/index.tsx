import { ErrorAlert, Loading, Page, SelectField, useGraphQuery } from '@tessera/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessTypes } from '../../business-types';
import { DashboardsDocument, type DashboardsQuery } from '../../gql/graphql';
import { ChartCard, type ChartRow, type Series } from './chart-card';

type RaFigures = NonNullable<DashboardsQuery['raDashboard']>;
type CertificateFigures = NonNullable<DashboardsQuery['certificateDashboard']>;

/**
 * Rows keyed by `label`, one number per series, in the order the labels first appear; the series
 * in `order` (so that a business type keeps its colour from chart to chart).
 */
function pivot<T>(
  items: readonly T[],
  label: (item: T) => string,
  series: (item: T) => string,
  value: (item: T) => number,
  order: readonly string[] = [],
) {
  const rows = new Map<string, ChartRow>();
  const keys: string[] = [];
  for (const item of items) {
    const row = rows.get(label(item)) ?? { label: label(item) };
    const key = series(item);
    if (!keys.includes(key)) keys.push(key);
    row[key] = Number(row[key] ?? 0) + value(item);
    rows.set(row.label, row);
  }
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return { rows: [...rows.values()], keys: keys.sort((a, b) => rank(a) - rank(b)) };
}

const periods = [3, 6, 12, 24];

/** Issue 17 item 9: the dashboards of administrators and the department manager, each chart exportable. */
export default function DashboardsPage() {
  const { t } = useTranslation();
  const [months, setMonths] = useState(12);
  const query = useGraphQuery(DashboardsDocument, { months, weeks: 12 });
  const ra = query.data?.raDashboard;
  const certificates = query.data?.certificateDashboard;
  return (
    <Page title={t('dashboards.title')}>
      <p>{t('dashboards.intro')}</p>
      <form onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t('dashboards.months')}
          value={String(months)}
          onChange={(e) => setMonths(Number(e.target.value))}
          choices={periods.map((n) => ({ value: String(n), label: t('dashboards.lastMonths', { count: n }) }))}
        />
      </form>
      <ErrorAlert error={query.error} />
      {query.isFetching && <Loading />}
      {ra && <RaCharts figures={ra} />}
      {certificates && <CertificateCharts figures={certificates} />}
    </Page>
  );
}

function RaCharts({ figures }: { figures: RaFigures }) {
  const { t } = useTranslation();
  const businessType = (key: string): Series => ({ key, label: t(`businessType.${key}`) });
  const byMonth = pivot(
    figures.applicationsPerMonth,
    (a) => a.month,
    (a) => a.businessType,
    (a) => a.count,
    businessTypes,
  );
  const byRegion = pivot(
    figures.applicationsPerMonth,
    (a) => a.region ?? t('dashboards.noRegion'),
    (a) => a.businessType,
    (a) => a.count,
    businessTypes,
  );
  const byWeek = pivot(
    figures.consultationsPerWeek,
    (c) => c.weekEnding,
    (c) => c.category,
    (c) => c.count,
  );
  return (
    <>
      <ChartCard
        id="applications-per-month"
        title={t('dashboards.applicationsPerMonth')}
        axisLabel={t('dashboards.month')}
        kind="stacked"
        series={byMonth.keys.map(businessType)}
        rows={byMonth.rows}
      />
      <ChartCard
        id="applications-per-region"
        title={t('dashboards.applicationsPerRegion')}
        axisLabel={t('dashboards.region')}
        kind="stacked"
        series={byRegion.keys.map(businessType)}
        rows={byRegion.rows}
      />
      <ChartCard
        id="step-durations"
        title={t('dashboards.stepDurations')}
        axisLabel={t('dashboards.step')}
        kind="bars"
        series={[{ key: 'hours', label: t('dashboards.averageHours') }]}
        rows={figures.stepDurations.map((s) => ({
          label: t(`event.${s.step}`),
          hours: Math.round((s.averageSeconds / 3600) * 10) / 10,
        }))}
      />
      <ChartCard
        id="consultations-per-week"
        title={t('dashboards.consultationsPerWeek')}
        axisLabel={t('dashboards.weekEnding')}
        kind="stacked"
        series={byWeek.keys.map((key) => ({ key, label: t(`consultationCategory.${key}`) }))}
        rows={byWeek.rows}
      />
      <ChartCard
        id="satisfaction-per-month"
        title={t('dashboards.satisfaction')}
        axisLabel={t('dashboards.month')}
        kind="line"
        series={[
          { key: 'score', label: t('dashboards.averageScore') },
          { key: 'surveys', label: t('dashboards.surveys'), axis: 'right' },
        ]}
        rows={figures.satisfactionPerMonth.map((s) => ({
          label: s.month,
          score: Math.round(s.averageScore * 10) / 10,
          surveys: s.surveys,
        }))}
      />
    </>
  );
}

function CertificateCharts({ figures }: { figures: CertificateFigures }) {
  const { t } = useTranslation();
  const within = (days: number) => t('dashboards.withinDays', { days });
  const expiring = pivot(
    figures.expiring,
    (e) => within(e.withinDays),
    (e) => e.kind,
    (e) => e.count,
  );
  return (
    <>
      <ChartCard
        id="certificates-expiring"
        title={t('dashboards.expiring')}
        axisLabel={t('dashboards.horizon')}
        kind="stacked"
        series={expiring.keys.map((key) => ({ key, label: t(`certificateKind.${key}`) }))}
        rows={expiring.rows}
      />
      <ChartCard
        id="suspensions-nearing-limit"
        title={t('dashboards.suspensions')}
        axisLabel={t('dashboards.horizon')}
        kind="bars"
        series={[{ key: 'count', label: t('dashboards.suspended') }]}
        rows={figures.suspensionsNearingLimit.map((s) => ({ label: within(s.withinDays), count: s.count }))}
      />
    </>
  );
}
