import fs from 'node:fs';
import os from 'node:os';
import { type Comparison, formatAim, formatNumber, meetsAim, ratioOf } from './report';

/** A benchmark's comparisons as the last run of it measured them. */
export interface RecordedBenchmark {
  comparisons: Comparison[];
  /** ISO date and time of the run. */
  measuredAt: string;
  /** The machine's one-minute load average when the benchmark began and ended: a busy machine shows here. */
  load: [number, number];
}

/** The results every run updates, by benchmark, so that a run of one benchmark keeps the others'. */
export type ResultStore = Record<string, RecordedBenchmark>;

const begin =
  '<!-- bench:results: written by `npm run bench -- --readme` from test/bench-results.json; do not edit by hand -->';
const end = '<!-- /bench:results -->';

export function readStore(file: string): ResultStore {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ResultStore) : {};
}

export function record(store: ResultStore, benchmark: string, comparisons: Comparison[], load: [number, number]): void {
  store[benchmark] = { comparisons, measuredAt: new Date().toISOString(), load };
}

/** What tells a benchmark's variants apart (key backend, algorithm, workload), shown beside the subject. */
const variantKeys = ['backend', 'algorithm', 'workload'];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The README's generated part: every comparison's metrics, their ratios and aims; then the ceilings. */
export function renderResults(store: ResultStore, order: readonly string[]): string {
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const runs = Object.entries(store).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const entries = runs.flatMap(([, run]) => run.comparisons.map((comparison) => ({ ...run, comparison })));
  const results = entries.filter((entry) => entry.comparison.benchmark !== 'ceilings');
  const ceilings = entries.filter((entry) => entry.comparison.benchmark === 'ceilings');
  const lines = [
    '| benchmark | subject / baseline | metric | subject | baseline | ratio | aim | measured (load) |',
    '|---|---|---|--:|--:|--:|---|---|',
  ];
  for (const { comparison, measuredAt, load } of results) {
    comparison.metrics.forEach((metric, index) => {
      const ratio = ratioOf(metric);
      const aim = metric.aim ? `${formatAim(metric.aim)}: ${meetsAim(metric) ? 'met' : '**not met**'}` : '';
      const first = index === 0;
      lines.push(
        `| ${[
          first ? `\`${comparison.benchmark}\`` : '',
          first ? `${comparison.subject} / ${comparison.baseline}${variantOf(comparison)}` : '',
          metric.name,
          formatNumber(metric.subject),
          formatNumber(metric.baseline),
          ratio === null ? '-' : ratio.toFixed(2),
          aim,
          first ? `${measuredAt.slice(0, 16).replace('T', ' ')} UTC (${load[0].toFixed(1)}→${load[1].toFixed(1)})` : '',
        ]
          .map(cell)
          .join(' | ')} |`,
      );
    });
  }
  for (const { comparison, measuredAt, load } of ceilings) {
    const conditions = Object.entries(comparison.settings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    lines.push(
      '',
      `**\`bench/ceilings\`**: this machine's limits, measured ${measuredAt.slice(0, 16).replace('T', ' ')} UTC (${conditions}; load ${load[0].toFixed(1)}→${load[1].toFixed(1)}):`,
      '',
      `| limit | ${cell(comparison.subject)} | ${cell(comparison.baseline)} |`,
      '|---|--:|--:|',
      ...comparison.metrics.map(
        (metric) => `| ${cell(metric.name)} | ${formatNumber(metric.subject)} | ${formatNumber(metric.baseline)} |`,
      ),
    );
  }
  return lines.join('\n');
}

function variantOf(comparison: Comparison): string {
  const variant = variantKeys.map((key) => comparison.settings[key]).filter((value) => value !== undefined);
  return variant.length > 0 ? ` (${variant.join(' ')})` : '';
}

/** Replaces the README's generated part (between its markers) with `rendered`; fails when the markers are missing. */
export function writeResults(readme: string, rendered: string): void {
  const text = fs.readFileSync(readme, 'utf8');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${readme} has no ${begin} … ${end} section to write the results into`);
  fs.writeFileSync(readme, `${text.slice(0, from + begin.length)}\n${rendered}\n${text.slice(to)}`);
}

export const loadNow = () => os.loadavg()[0] ?? 0;
