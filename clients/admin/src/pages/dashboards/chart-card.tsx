import { download } from '@tessera/ui';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** One row of a chart: its category (month, week, step, …) and a number per series. */
export type ChartRow = { label: string } & Record<string, string | number>;

export interface Series {
  key: string;
  label: string;
  /** A second scale on the right, for a count beside a score. */
  axis?: 'right';
}

const palette = ['#1f6feb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#6b7280'];

/** A cell of a CSV file (RFC 4180): quoted when it holds a separator, a quote or a line break. */
function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The chart's data as CSV, with a byte-order mark so that Excel reads the Chinese labels as UTF-8. */
export function chartCsv(axisLabel: string, series: readonly Series[], rows: readonly ChartRow[]): string {
  const lines = [
    [axisLabel, ...series.map((s) => s.label)],
    ...rows.map((row) => [row.label, ...series.map((s) => row[s.key] ?? 0)]),
  ];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * A dashboard chart (recharts, drawn as SVG) with its two exports: the data as CSV and the picture
 * as the SVG the browser drew.
 */
export function ChartCard(props: {
  id: string;
  title: string;
  axisLabel: string;
  series: readonly Series[];
  rows: readonly ChartRow[];
  kind: 'bars' | 'stacked' | 'line';
}) {
  const { t } = useTranslation();
  const figure = useRef<HTMLDivElement>(null);
  const exportSvg = () => {
    const svg = figure.current?.querySelector('svg.recharts-surface');
    if (!svg) return;
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    download(`${props.id}.svg`, new XMLSerializer().serializeToString(copy), 'image/svg+xml');
  };
  const data = props.rows as ChartRow[];
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="label" />
      <YAxis yAxisId="left" allowDecimals={props.kind === 'line'} />
      {props.series.some((s) => s.axis === 'right') && (
        <YAxis yAxisId="right" orientation="right" allowDecimals={false} />
      )}
      <Tooltip />
      <Legend />
    </>
  );
  return (
    <section className="card dashboard-chart" data-chart={props.id} aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.rows.length === 0 ? (
        <p>{t('dashboards.empty')}</p>
      ) : (
        <div ref={figure} role="img" aria-label={props.title}>
          <ResponsiveContainer width="100%" height={260}>
            {props.kind === 'line' ? (
              <LineChart data={data}>
                {axes}
                {props.series.map((s, i) => (
                  <Line
                    key={s.key}
                    yAxisId={s.axis ?? 'left'}
                    dataKey={s.key}
                    name={s.label}
                    stroke={palette[i % palette.length]}
                  />
                ))}
              </LineChart>
            ) : (
              <BarChart data={data}>
                {axes}
                {props.series.map((s, i) => (
                  <Bar
                    key={s.key}
                    yAxisId={s.axis ?? 'left'}
                    dataKey={s.key}
                    name={s.label}
                    fill={palette[i % palette.length]}
                    stackId={props.kind === 'stacked' ? 'all' : undefined}
                  />
                ))}
              </BarChart>
            )}
          </ResponsiveContainer>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            download(`${props.id}.csv`, chartCsv(props.axisLabel, props.series, props.rows), 'text/csv;charset=utf-8')
          }
        >
          {t('dashboards.exportCsv')}
        </button>
        <button type="button" onClick={exportSvg} disabled={props.rows.length === 0}>
          {t('dashboards.exportImage')}
        </button>
      </div>
    </section>
  );
}
