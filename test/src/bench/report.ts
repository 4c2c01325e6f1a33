/** The ratio an issue asks of a metric: at least `min` (rates), at most `max` (latencies, statements). */
export interface Aim {
  min?: number;
  max?: number;
  /** Where the aim comes from, e.g. `issue 15`. */
  source: string;
}

/** One quantity measured on the subject and on its baseline, in the same run. */
export interface Metric {
  name: string;
  subject: number;
  baseline: number;
  aim?: Aim;
}

/** Whether the metric's ratio meets its aim; undefined without one. */
export function meetsAim(metric: Metric): boolean | undefined {
  const { aim } = metric;
  const ratio = ratioOf(metric);
  if (!aim) return undefined;
  if (ratio === null) return false;
  return (aim.min === undefined || ratio >= aim.min) && (aim.max === undefined || ratio <= aim.max);
}

/** `>= 0.5 (issue 15)`. */
export function formatAim(aim: Aim): string {
  const bounds = [aim.min !== undefined ? `≥ ${aim.min}` : '', aim.max !== undefined ? `≤ ${aim.max}` : '']
    .filter(Boolean)
    .join(', ');
  return `${bounds} (${aim.source})`;
}

/** What a benchmark reports: the subject against a baseline measured alongside it, never an absolute verdict. */
export interface Comparison {
  benchmark: string;
  subject: string;
  baseline: string;
  /** Conditions of the measurement (connections, seconds...), printed and kept in the JSON line. */
  settings: Record<string, string | number>;
  metrics: Metric[];
}

/** subject / baseline, or null when the baseline is zero and the ratio means nothing. */
export function ratioOf(metric: Metric): number | null {
  return metric.baseline === 0 ? null : metric.subject / metric.baseline;
}

/** Three significant figures at most, without exponent notation. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** The comparison as an aligned text table, headed by the benchmark and its settings. */
export function formatTable(comparison: Comparison): string {
  const { benchmark, subject, baseline, settings, metrics } = comparison;
  const aims = metrics.some((m) => m.aim);
  const header = ['metric', subject, baseline, `${subject}/${baseline}`, ...(aims ? ['aim'] : [])];
  const rows = metrics.map((m) => {
    const ratio = ratioOf(m);
    const aim = m.aim ? `${formatAim(m.aim)} ${meetsAim(m) ? 'met' : 'NOT met'}` : '';
    return [
      m.name,
      formatNumber(m.subject),
      formatNumber(m.baseline),
      ratio === null ? '-' : ratio.toFixed(2),
      ...(aims ? [aim] : []),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`;
  const conditions = Object.entries(settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [`${benchmark}  (${conditions})`, line(header), ...rows.map(line)].join('\n');
}

/** The comparison as one JSON line, for scripts that collect results across runs. */
export function formatJsonLine(comparison: Comparison): string {
  return JSON.stringify({
    ...comparison,
    metrics: comparison.metrics.map((m) => ({ ...m, ratio: ratioOf(m) })),
  });
}
