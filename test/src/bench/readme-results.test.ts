import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readStore, record, renderResults, writeResults } from './readme-results';
import type { Comparison } from './report';

const verification: Comparison = {
  benchmark: 'verification',
  subject: 'verifySignature (CMS, P-256)',
  baseline: 'raw signature verification',
  settings: { algorithm: 'P-256', concurrency: 8 },
  metrics: [
    { name: 'operations/s', subject: 2600, baseline: 5000, aim: { min: 0.5, source: 'issue 15' } },
    { name: 'p99 ms', subject: 9, baseline: 3 },
  ],
};
const ceilings: Comparison = {
  benchmark: 'ceilings',
  subject: '8 at once',
  baseline: 'one at a time',
  settings: { cores: 2 },
  metrics: [{ name: 'node:http fixed 512-byte body, requests/s', subject: 30000, baseline: 9000 }],
};

describe('the README performance table, written by the benchmark run (issue 16 item 7)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-readme-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renders every metric with its ratio and whether the issue’s aim is met, then the ceilings', () => {
    const store = readStore(path.join(dir, 'none.json'));
    record(store, 'verification', [verification], [0.5, 0.7]);
    record(store, 'ceilings', [ceilings], [0.1, 0.2]);
    const table = renderResults(store, ['ceilings', 'verification']);
    expect(table).toContain('| `verification` | verifySignature (CMS, P-256) / raw signature verification (P-256) |');
    expect(table).toMatch(/\| operations\/s \| 2600 \| 5000 \| 0\.52 \| ≥ 0\.5 \(issue 15\): met \|/);
    expect(table).toMatch(/\| p99 ms \| 9\.00 \| 3\.00 \| 3\.00 \|/);
    expect(table).toContain('`bench/ceilings`');
    expect(table).toContain('| node:http fixed 512-byte body, requests/s | 30000 | 9000 |');

    record(
      store,
      'verification',
      [{ ...verification, metrics: [{ ...verification.metrics[0], subject: 2000 } as never] }],
      [0, 0],
    );
    expect(renderResults(store, [])).toContain('**not met**');
  });

  it('replaces only the marked part of the README, and refuses a README without the markers', () => {
    const readme = path.join(dir, 'README.md');
    fs.writeFileSync(
      readme,
      '# Title\n\n<!-- bench:results: written by `npm run bench -- --readme` from test/bench-results.json; do not edit by hand -->\nold\n<!-- /bench:results -->\n\nAfter.\n',
    );
    writeResults(readme, '| new |');
    const text = fs.readFileSync(readme, 'utf8');
    expect(text).toContain('do not edit by hand -->\n| new |\n<!-- /bench:results -->');
    expect(text).not.toContain('old');
    expect(text.endsWith('\n\nAfter.\n')).toBe(true);
    fs.writeFileSync(readme, '# No markers\n');
    expect(() => writeResults(readme, 'x')).toThrow(/no .* section/);
  });
});
