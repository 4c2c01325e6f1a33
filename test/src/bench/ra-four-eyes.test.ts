import { startTestPlatform, type TestPlatform } from '../harness/platform';
import { raStatementBudget, raSteps, runRaFourEyes } from './ra-four-eyes';
import { type Comparison, formatJsonLine, formatTable, ratioOf } from './report';

// Tiny mode of the RA benchmark: it measures nothing worth keeping, but proves the benchmark runs
// the whole four-eyes path and reports every step against its baseline. The statement count is
// deterministic, so its budget is held here, not in the benchmark's timing.
let platform: TestPlatform;
let results: Comparison[];

beforeAll(async () => {
  platform = await startTestPlatform({ LOG_LEVEL: 'warn' });
  results = await runRaFourEyes(platform, {
    applications: 2,
    concurrency: 2,
    warmupSeconds: 0,
    durationSeconds: 1,
  });
});
afterAll(() => platform?.stop());

describe('the RA four-eyes benchmark, tiny', () => {
  it('reports latency and SQL per step and applications per second, each against the trivial query', () => {
    const [latency, sql, throughput] = results;
    expect(latency?.metrics.map((m) => m.name)).toEqual([...raSteps, 'whole application']);
    expect(sql?.metrics.map((m) => m.name)).toEqual([...raSteps, 'whole application']);
    for (const metric of latency?.metrics ?? []) expect(metric.subject).toBeGreaterThan(0);
    const statements = Object.fromEntries(sql?.metrics.map((m) => [m.name, m.subject]) ?? []);
    expect(sql?.metrics[0]?.baseline).toBe(1);
    for (const step of raSteps) expect(statements[step]).toBeGreaterThan(0);
    expect(sql?.settings.bySubgraph).toMatch(/redeem: identity=0 certificate=\d+ ra=0/);
    expect(throughput?.metrics[0]?.subject).toBeGreaterThan(0);
    for (const comparison of results) {
      expect(comparison.metrics.every((m) => ratioOf(m) !== null)).toBe(true);
      expect(() => JSON.parse(formatJsonLine(comparison))).not.toThrow();
      expect(formatTable(comparison)).toContain(comparison.benchmark);
    }
  });

  it(`issue 16 goal 6: one new issuance costs at most ${raStatementBudget} SQL statements end to end, every subgraph counted`, () => {
    const sql = results[1];
    const whole = sql?.metrics.find((m) => m.name === 'whole application');
    expect(whole?.subject).toBeGreaterThan(0);
    expect(whole?.subject).toBeLessThanOrEqual(raStatementBudget);
  });
});
