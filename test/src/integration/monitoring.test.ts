import fs from 'node:fs';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { Metrics } from '@tessera/kit';
import YAML from 'yaml';

/**
 * deploy/monitoring (issue 13, item 5): the Prometheus alert rules and the Grafana dashboard parse,
 * every expression is valid PromQL, and every metric they name is one Tessera exports: a metric of
 * the kit's registry (prom-client's process and Node.js metrics included), or one a process
 * declares in its source.
 */

const root = path.resolve(__dirname, '../../..');
const monitoringDir = path.join(root, 'deploy', 'monitoring');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: { refId: string; expr: string }[];
}

const rules = YAML.parse(fs.readFileSync(path.join(monitoringDir, 'alert-rules.yaml'), 'utf8')) as {
  groups: { name: string; rules: Rule[] }[];
};
const dashboard = JSON.parse(fs.readFileSync(path.join(monitoringDir, 'grafana-dashboard.json'), 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; definition?: string }[] };
};

/** Prometheus's own series, which no process exports. */
const prometheusSeries = ['up'];

/** The metric names of an expression, and whether the PromQL parser found errors in it. */
function parse(expr: string): { metrics: string[]; errors: number } {
  const metrics: string[] = [];
  let errors = 0;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors++;
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      if (identifier) metrics.push(expr.slice(identifier.from, identifier.to));
    },
  });
  return { metrics, errors };
}

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.join(entry.parentPath, entry.name);
    return entry.isFile() && file.endsWith('.ts') && !file.endsWith('.test.ts') ? [file] : [];
  });
}

/** The metrics a process declares in its source: prom-client metrics constructed with `name: '…'`. */
function declaredMetrics(): string[] {
  const directories = [
    ...fs.readdirSync(path.join(root, 'subgraphs')).map((name) => path.join(root, 'subgraphs', name, 'src')),
    path.join(root, 'gateway', 'src'),
  ].filter((directory) => fs.existsSync(directory));
  return directories.flatMap(sourceFiles).flatMap((file) => {
    const source = fs.readFileSync(file, 'utf8');
    if (!source.includes("from 'prom-client'")) return [];
    return [...source.matchAll(/\bname:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g)].map((m) => m[1] as string);
  });
}

const expressions = [
  ...rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `rule ${r.alert ?? r.record}`, expr: r.expr }))),
  ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel ${p.title}`, expr: t.expr }))),
  ...dashboard.templating.list.flatMap((v) =>
    v.definition
      ? [{ where: `variable ${v.name}`, expr: v.definition.replace(/^label_values\((.*), \w+\)$/, '$1') }]
      : [],
  ),
];

it('has alert rules in groups, each with a severity, a summary and a description', () => {
  const alerts = rules.groups.flatMap((g) => g.rules);
  expect(alerts.length).toBeGreaterThan(5);
  const names = alerts.map((r) => r.alert);
  expect(new Set(names).size).toBe(names.length);
  for (const rule of alerts) {
    expect(rule.alert).toMatch(/^Tessera[A-Z]\w+$/);
    expect(['warning', 'critical']).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary).toBeTruthy();
    expect(rule.annotations?.description).toBeTruthy();
    if (rule.for) expect(rule.for).toMatch(/^\d+[smh]$/);
  }
});

it('has a dashboard whose panels have unique ids, a place on the grid and a query each', () => {
  expect(dashboard.uid).toBe('tessera-overview');
  const ids = dashboard.panels.map((p) => p.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const panel of dashboard.panels) {
    expect(panel.gridPos.w).toBeGreaterThan(0);
    expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    if (panel.type !== 'row') expect(panel.targets?.length).toBeGreaterThan(0);
  }
});

it('writes every rule and panel in valid PromQL', () => {
  expect(expressions.length).toBeGreaterThan(20);
  for (const { where, expr } of expressions) expect([where, parse(expr).errors]).toEqual([where, 0]);
});

it('names only metrics Tessera exports (the kit registry, the metrics declared in the source) or Prometheus itself', async () => {
  const registry = new Metrics('monitoring-test').registry;
  const exported = new Set([
    ...(await registry.getMetricsAsJSON()).map((m) => m.name),
    ...declaredMetrics(),
    ...prometheusSeries,
  ]);
  expect(exported).toContain('tessera_gateway_subgraph_request_duration_seconds');
  const base = (name: string) => {
    const stripped = name.replace(/_(bucket|sum|count)$/, '');
    return exported.has(stripped) ? stripped : name;
  };
  const named = expressions.flatMap(({ where, expr }) => parse(expr).metrics.map((metric) => ({ where, metric })));
  expect(named.length).toBeGreaterThan(0);
  for (const { where, metric } of named)
    expect([where, metric, exported.has(base(metric))]).toEqual([where, metric, true]);
  // Every expression reads at least one metric.
  for (const { where, expr } of expressions) expect([where, parse(expr).metrics.length > 0]).toEqual([where, true]);
});
