import { startTestPlatform, type TestPlatform } from '../harness/platform';
import type { BenchContext } from './benchmark';
import { ceilings } from './ceilings';
import { certificateSignIn } from './certificate-sign-in';
import { statusQueryBenchmark } from './certificate-status-query';
import { crlPublicationBenchmark } from './crl-publication';
import { gatewayHiveBenchmark } from './gateway-hive';
import { issuanceBenchmark } from './issuance';
import { ocsp } from './ocsp';
import type { Comparison } from './report';
import { signIn } from './sign-in';
import { plainSteps, sso, ssoSteps } from './sso';
import { type BenchStack, benchCaptchaAnswer } from './stack';
import { subgraphHotPathsBenchmark } from './subgraph-hot-paths';
import { timestampsBenchmark } from './timestamps';
import { verification } from './verification';

// The benchmarks of issues 3 and 4, each run once in a tiny mode so that none of them can rot
// unnoticed; their numbers mean nothing here (`npm run bench` measures).
describe('the benchmarks in tiny mode', () => {
  let platform: TestPlatform;
  let ctx: BenchContext;

  beforeAll(async () => {
    platform = await startTestPlatform({
      CAPTCHA_TEST_ANSWER: benchCaptchaAnswer,
      // gateway-hive loads the anonymous status query from one address.
      CERTIFICATE_STATUS_RATE_LIMIT: '1000000',
    });
    ctx = {
      load: { connections: 2, warmupSeconds: 0, durationSeconds: 0.2 },
      stack: async () => ({ platform }) as Partial<BenchStack> as BenchStack,
    };
  });
  afterAll(() => platform.stop());

  const shape = (results: Comparison[], benchmark: string) => {
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.benchmark).toBe(benchmark);
      for (const metric of result.metrics) {
        expect(Number.isFinite(metric.subject) && Number.isFinite(metric.baseline)).toBe(true);
      }
    }
  };

  it('issue 16 item 7: the machine’s ceilings, each measured', async () => {
    const [result] = await ceilings.run(ctx);
    shape(result ? [result] : [], 'ceilings');
    expect(result?.metrics.map((metric) => metric.name)).toContain('PostgreSQL prepared select 1, round trips/s');
    for (const metric of result?.metrics ?? []) expect(metric.subject).toBeGreaterThan(0);
  });

  it('sign-in against raw argon2id verifications, with its two statements', async () => {
    const results = await signIn.run(ctx);
    shape(results, 'sign-in');
    expect(results[0]?.settings['database statements per sign-in (captcha included)']).toBe(2);
  });

  it('SSO sign-ins against plain sign-ins, with the latency and statements of each step', async () => {
    const [rates, steps, cpu, sql] = await sso.run(ctx);
    shape(rates ? [rates] : [], 'sso');
    expect(rates?.metrics[0]?.subject).toBeGreaterThan(0);
    expect(rates?.metrics[0]?.baseline).toBeGreaterThan(0);
    expect(rates?.settings['HTTP requests']).toBe(`${ssoSteps.length} against ${plainSteps.length}`);
    expect(steps?.metrics.map((m) => m.name)).toEqual([...ssoSteps, 'whole sign-in']);
    expect(sql?.metrics.map((m) => m.name)).toEqual([...ssoSteps, 'whole sign-in']);
    expect(cpu?.metrics.map((m) => m.name)).toEqual([...ssoSteps, 'whole sign-in']);
    expect(cpu?.metrics.at(-1)?.subject).toBeGreaterThan(0);
    expect(cpu?.metrics.at(-1)?.baseline).toBeGreaterThan(0);
    // The plain sign-in's two statements, counted at the driver as the kit counts them in its scope.
    expect(sql?.settings.plain).toBe('captcha=0 signIn=2');
    const statements = Object.fromEntries(sql?.metrics.map((m) => [m.name, m.subject]) ?? []);
    expect(statements.login).toBeGreaterThanOrEqual(2);
    expect(statements['whole sign-in']).toBeGreaterThan(2);
    expect(rates?.settings['database statements']).toBe(`${statements['whole sign-in']} against 2`);
  });

  it('issuance and CSR verification against raw signatures of the same key, ECDSA and SM2 (issue 14)', async () => {
    const results = await issuanceBenchmark(
      [
        { backend: 'software', algorithm: 'P-256' },
        { backend: 'software', algorithm: 'SM2' },
      ],
      1,
    ).run(ctx);
    shape(results, 'issuance');
    expect(results.map((result) => `${result.settings.algorithm} ${result.subject}`)).toEqual([
      'P-256 issuance',
      'P-256 CSR verification',
      'P-256 issuance',
      'SM2 issuance',
      'SM2 CSR verification',
      'SM2 issuance',
    ]);
    expect(results.filter((result) => result.baseline.startsWith('crypto floor'))).toHaveLength(2);
    // Issue 16 goal 5, declared: P-256 at half its crypto floor; enough issuances in flight to cover a commit.
    const p256Floor = results.find(
      (result) => result.settings.algorithm === 'P-256' && result.baseline.startsWith('crypto floor'),
    );
    expect(p256Floor?.metrics[0]?.aim).toEqual({ min: 0.5, source: 'issue 16' });
    expect(results.every((result) => Number(result.settings.concurrency) >= 64)).toBe(true);
  });

  it('signature verifications through the service against raw verifications of the same signature (issue 15 item 3)', async () => {
    shape(await verification.run(ctx), 'verification');
  });

  it("issue 16: Tessera's gateway against Hive Gateway and a bare @apollo/gateway, each in its own process", async () => {
    const results = await gatewayHiveBenchmark({ citizensPerConnection: 1, subjects: 1, rounds: 1 }).run(ctx);
    shape(results, 'gateway-hive');
    expect(results.map((r) => `${r.settings.workload}: ${r.subject} against ${r.baseline}`)).toEqual([
      'signed-in citizens: tessera against hive (defaults)',
      'signed-in citizens: tessera against bare @apollo/gateway',
      'anonymous status query: tessera against hive (defaults)',
      'anonymous status query: tessera against bare @apollo/gateway',
    ]);
    for (const result of results) expect(result.metrics[0]?.subject).toBeGreaterThan(0);
  });

  it('OCSP (issue 16 goal 4): cached and nonce answers, POST and GET, at the subgraph and the gateway, against the node:http ceiling', async () => {
    const results = await ocsp.run(ctx);
    shape(results, 'ocsp');
    expect(results.map((result) => `${result.subject} / ${result.baseline}`)).toEqual([
      'subgraph POST (cached) / node:http fixed body (POST)',
      'subgraph GET (cached) / node:http fixed body (GET)',
      'gateway POST (cached) / node:http fixed body (POST)',
      'gateway GET (cached) / node:http fixed body (GET)',
      'nonce (signed per request) / node:http fixed body (POST)',
    ]);
    for (const result of results) expect(result.metrics[0]?.subject).toBeGreaterThan(0);
  });

  it('status query on a larger table, with its query plan', async () => {
    const [result] = await statusQueryBenchmark({ baseline: 20, target: 2_000, requireIndex: false }).run(ctx);
    shape(result ? [result] : [], 'status-query');
    expect(result?.settings.plan).toContain('certificate');
    expect(result?.settings.exactPlan).toContain('certificate');
  });

  it('issue 16 goal 3: each subgraph hot path against the same SQL behind a bare node:http server, same answers', async () => {
    const results = await subgraphHotPathsBenchmark({ certificates: 50, largeCertificates: 500, rounds: 1 }).run(ctx);
    shape(results, 'subgraph-hot-paths');
    expect(results.map((result) => result.subject)).toEqual([
      'certificateStatus',
      'certificate',
      'certificateEntities',
      'me',
      'application',
      'certificateStatus at 500 certificates',
      'certificateStatus at 500 certificates',
    ]);
    for (const result of results) expect(result.metrics[0]?.subject).toBeGreaterThan(0);
  });

  it('issue 15: time-stamp tokens over HTTP and their verification against raw signatures of the TSA key', async () => {
    const results = await timestampsBenchmark([{ backend: 'software', algorithm: 'P-256' }]).run(ctx);
    shape(results, 'timestamps');
    expect(results.map((result) => result.subject)).toEqual([
      'time-stamp tokens over HTTP',
      'token verification (kit)',
    ]);
    for (const result of results) expect(result.metrics[0]?.subject).toBeGreaterThan(0);
  });

  it('CRL publication at more entries', async () => {
    shape(await crlPublicationBenchmark({ baseline: 10, target: 1_000, rounds: 1 }).run(ctx), 'crl-publication');
  });

  it('certificate sign-ins against raw P-256 verifications (issue 15)', async () => {
    shape(await certificateSignIn.run(ctx), 'certificate-sign-in');
  });
});
