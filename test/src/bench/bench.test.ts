import { type Benchmark, selectBenchmarks } from './benchmark';
import { type Comparison, formatJsonLine, formatNumber, formatTable, ratioOf } from './report';

// The benchmark harness has no domain rule of its own: these pin what its output promises.
const comparison: Comparison = {
  benchmark: 'gateway-overhead',
  subject: 'gateway',
  baseline: 'direct',
  settings: { connections: 8, durationSeconds: 5 },
  metrics: [
    { name: 'requests/s', subject: 500, baseline: 1250 },
    { name: 'p99 ms', subject: 12.5, baseline: 5 },
    { name: 'errors', subject: 3, baseline: 0 },
  ],
};

describe('the benchmark report', () => {
  it('divides the subject by the baseline measured in the same run, and has no ratio over a zero baseline', () => {
    expect(comparison.metrics.map(ratioOf)).toEqual([0.4, 2.5, null]);
  });

  it('prints an aligned table with the ratio column named after subject and baseline', () => {
    expect(formatTable(comparison).split('\n')).toEqual([
      'gateway-overhead  (connections=8 durationSeconds=5)',
      '  metric      gateway  direct  gateway/direct',
      '  requests/s      500    1250            0.40',
      '  p99 ms         12.5    5.00            2.50',
      '  errors         3.00    0.00               -',
    ]);
  });

  it('prints one parseable JSON line per result, ratios included', () => {
    const line = formatJsonLine(comparison);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      ...comparison,
      metrics: [
        { name: 'requests/s', subject: 500, baseline: 1250, ratio: 0.4 },
        { name: 'p99 ms', subject: 12.5, baseline: 5, ratio: 2.5 },
        { name: 'errors', subject: 3, baseline: 0, ratio: null },
      ],
    });
  });

  it('prints whole numbers from 100, one decimal from 10, two below', () => {
    expect([1234.56, 98.76, 2.346, 0.001].map(formatNumber)).toEqual(['1235', '98.8', '2.35', '0.00']);
  });
});

describe('choosing benchmarks from the command line', () => {
  const named = (name: string): Benchmark => ({ name, run: async () => [] });
  const all = [named('gateway-overhead'), named('sign-in'), named('ocsp')];

  it('runs all of them when none is named, else the named ones in their listed order', () => {
    expect(selectBenchmarks(all, []).map((b) => b.name)).toEqual(['gateway-overhead', 'sign-in', 'ocsp']);
    expect(selectBenchmarks(all, ['ocsp', 'gateway-overhead']).map((b) => b.name)).toEqual([
      'gateway-overhead',
      'ocsp',
    ]);
  });

  it('refuses an unknown name and lists the known ones', () => {
    expect(() => selectBenchmarks(all, ['gateway-overhed'])).toThrow(
      'Unknown benchmark gateway-overhed; known: gateway-overhead, sign-in, ocsp',
    );
  });
});
