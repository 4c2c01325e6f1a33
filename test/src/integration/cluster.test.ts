import fs from 'node:fs';
import { demoBusinessSystems, demoPassword, demoStaff, demoTotpSecret } from '@tessera/identity';
import { authenticator } from 'otplib';
import { Client } from 'pg';
import { commandExists } from '../../../subgraphs/certificate/src/testing/softhsm-token';
import {
  fileSet,
  opensslOcspRequest,
  run,
  subscriberRequest,
} from '../../../subgraphs/certificate/src/testing/test-pki';
import { type Cluster, startCluster } from '../harness/cluster';
import { ok } from '../harness/graph-checks';
import { graphql } from '../harness/platform';
import {
  type CallAs,
  enrollmentCodes,
  redeemCodes,
  registerUnit,
  stepApplication,
  submittedAtCounter,
} from '../harness/ra-counter';
import { authorizationUrl, interactionUid, redeemCode, UserAgent } from '../harness/sso';

const tools = ['haproxy', 'openssl'].filter((tool) => !commandExists(tool));
if (tools.length > 0) {
  console.warn(
    `${tools.join(', ')} not installed (apt-get install ${tools.join(' ')}): skipping the two-replica cluster test`,
  );
}
const clusterIt = tools.length > 0 ? it.skip : it;

/** Every scheduled job of every subgraph (`src/jobs/scheduled-jobs.ts`), run every half second here. */
const jobs = {
  identity: ['captcha-purge', 'sms-request-purge', 'oidc-record-purge'],
  certificate: ['hold-release', 'crl-refresh'],
  ra: ['weekly-consultation-summary', 'suspension-review', 'operation-log-anchor'],
} as const;
const jobPeriodMs = 500;

/**
 * Issue 13, item 2: two replicas of every subgraph and two gateways, separate processes behind
 * HAProxy, started at once on one empty database. One test, because the cluster takes long to start.
 */
describe('two replicas of everything behind a load balancer (issue 13)', () => {
  let cluster: Cluster;
  /** When every replica was up: from then on each job's period is claimed by one of its two replicas. */
  let allUp = 0;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    if (tools.length > 0) return;
    cluster = await startCluster(2, {
      SCHEDULED_JOB_PERIODS: Object.values(jobs)
        .flat()
        .map((job) => `${job}=${jobPeriodMs / 1000}`)
        .join(','),
    });
    allUp = Date.now();
  }, 180_000);
  afterAll(() => cluster?.stop());

  const as: CallAs = (who, query, variables) =>
    graphql(`${cluster.origin}/graphql`, query, { token: tokens[who], variables });

  async function captcha(): Promise<{ captchaId: string; captchaAnswer: string }> {
    const issued = ok(await as<{ issueCaptcha: { id: string } }>('anyone', 'mutation { issueCaptcha { id } }'));
    return { captchaId: issued.issueCaptcha.id, captchaAnswer: cluster.captchaAnswer };
  }

  async function signInStaff(role: string): Promise<string> {
    const username = demoStaff.find((s) => s.role === role)?.username as string;
    const { signIn } = ok(
      await as<{ signIn: { accessToken: string } }>(
        'anyone',
        'mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }',
        {
          input: {
            username,
            password: demoPassword,
            totpCode: authenticator.generate(demoTotpSecret),
            ...(await captcha()),
          },
        },
      ),
    );
    return signIn.accessToken;
  }

  /** The status line of each certificate replica's own OCSP answer about `leafPem`. */
  async function ocspAtEachReplica(leafPem: string): Promise<string[]> {
    const certificateReplicas = cluster.replicas.filter((r) => r.service === 'certificate');
    const issuing = Buffer.from(
      await (await fetch(`${certificateReplicas[0]?.origin}/pki/ca/issuing.crt`)).arrayBuffer(),
    );
    const request = await opensslOcspRequest(issuing, leafPem);
    const files = fileSet({});
    try {
      // Awaited here: the files are removed once every answer is read.
      return await Promise.all(
        certificateReplicas.map(async (replica) => {
          const answer = await fetch(`${replica.origin}/pki/ocsp`, {
            method: 'POST',
            headers: { 'content-type': 'application/ocsp-request' },
            body: request,
          });
          const file = files.path(`resp-${replica.name}.der`);
          fs.writeFileSync(file, Buffer.from(await answer.arrayBuffer()));
          const text = (await run('openssl', ['ocsp', '-respin', file, '-resp_text', '-noverify'])).output;
          return /Cert Status: (\w+)/.exec(text)?.[1] ?? text;
        }),
      );
    } finally {
      files.remove();
    }
  }

  /**
   * Each job's runs in the cluster's `job_run` tables from `from` until now (at least six periods later):
   * one per period, in every period (the periods follow each other without a gap), whichever replica claimed it.
   */
  async function expectEachJobOncePerPeriod(from: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, from + 6 * jobPeriodMs - Date.now())));
    const to = Date.now();
    const db = new Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    try {
      for (const [service, names] of Object.entries(jobs)) {
        const { rows } = await db.query<{ job: string; period_ms: string; runs: number }>(
          `select job, (extract(epoch from period_start) * 1000)::bigint as period_ms, count(*)::int as runs
             from "${service}"."job_run" group by job, period_start order by job, period_start`,
        );
        for (const job of names) {
          const periods = rows.filter(
            (row) => row.job === job && Number(row.period_ms) >= from && Number(row.period_ms) + jobPeriodMs <= to,
          );
          expect({ job, periods: periods.length >= 4 }).toEqual({ job, periods: true });
          expect({ job, runs: periods.map((row) => row.runs) }).toEqual({ job, runs: periods.map(() => 1) });
          for (let i = 1; i < periods.length; i++) {
            const gap = Number(periods[i]?.period_ms) - Number(periods[i - 1]?.period_ms);
            expect({ job, gap }).toEqual({ job, gap: jobPeriodMs });
          }
        }
      }
    } finally {
      await db.end();
    }
  }

  clusterIt(
    'starts all at once on an empty database, runs each scheduled job once per period, signs in by SSO, issues through a replica crash without loss or duplicates, and revokes on every OCSP replica within a second',
    async () => {
      for (const role of ['AGENCY_APPROVER', 'ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ADMINISTRATOR']) {
        tokens[role] = await signInStaff(role);
      }

      // Single sign-on through the load balancer: each step may land on another identity replica.
      const portal = demoBusinessSystems[0];
      const agent = new UserAgent(cluster.origin);
      const redirectUri = `http://127.0.0.1:${portal.port}/callback`;
      const authorize = authorizationUrl(cluster.origin, portal.code, redirectUri);
      const uid = interactionUid((await agent.follow(authorize)).url);
      const login = await agent.interaction(uid, 'login', {
        method: 'password',
        username: 'zhangsan',
        password: demoPassword,
        ...(await captcha()),
      });
      expect(login.status).toBe(200);
      const back = await agent.follow(login.body.redirectTo as string);
      expect(back.url.href.startsWith(redirectUri)).toBe(true);
      const exchanged = await redeemCode(
        cluster.origin,
        portal,
        back.url.searchParams.get('code') as string,
        redirectUri,
      );
      expect(exchanged.status).toBe(200);

      // A new issuance across the four-eyes workflow; an RA and an identity replica die after approval.
      const subscriberId = await registerUnit(as);
      const id = await submittedAtCounter(as, subscriberId, { businessType: 'NEW' });
      await stepApplication(as, 'AGENCY_APPROVER', id, 'APPROVE_BY_AGENCY');
      await stepApplication(as, 'ENTRY_CLERK', id, 'ENTER');
      await stepApplication(as, 'REVIEW_CLERK', id, 'APPROVE');
      // Until a replica is killed (a run it had claimed would hold its job for a while), every job ran
      // once in every period across the two replicas of its subgraph (issue 13 item 2).
      await expectEachJobOncePerPeriod(allUp);
      await Promise.all([cluster.kill('ra-1'), cluster.kill('identity-1')]);
      const codes = await enrollmentCodes(as, id);
      const redeemed = ok(await redeemCodes(`${cluster.origin}/graphql`, codes, (await subscriberRequest()).csr));
      const certificateId = redeemed.redeemEnrollment.certificate.id;
      expect((await stepApplication(as, 'ISSUING_CLERK', id, 'ISSUE', { certificateId })).state).toEqual(
        expect.any(String),
      );

      const db = new Client({ connectionString: cluster.databaseUrl });
      await db.connect();
      try {
        // One signing certificate, and its encryption twin when the CA issued a dual pair (CT-1): no duplicate.
        const certificates = await db.query(
          `select "usage", count(*)::int as n from "certificate"."certificate" group by "usage"`,
        );
        const expected = redeemed.redeemEnrollment.encryption ? 2 : 1;
        expect(certificates.rows.reduce((sum: number, r: { n: number }) => sum + r.n, 0)).toBe(expected);
        expect(certificates.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
        const outbox = await db.query(
          `select state, count(*)::int as n from "ra"."outbox_message" group by state order by state`,
        );
        expect(outbox.rows.filter((r: { state: string }) => r.state !== 'delivered')).toEqual([]);
      } finally {
        await db.end();
      }

      // Revoked through one replica, answered as revoked by both within a second.
      expect(await ocspAtEachReplica(redeemed.redeemEnrollment.pem)).toEqual(['good', 'good']);
      ok(
        await as(
          'ADMINISTRATOR',
          'mutation ($id: UUID!) { revokeCertificate(reason: KEY_COMPROMISE, id: $id) { state } }',
          {
            id: certificateId,
          },
        ),
      );
      const deadline = Date.now() + 1_000;
      let statuses = await ocspAtEachReplica(redeemed.redeemEnrollment.pem);
      while (statuses.some((s) => s !== 'revoked') && Date.now() < deadline) {
        statuses = await ocspAtEachReplica(redeemed.redeemEnrollment.pem);
      }
      expect(statuses).toEqual(['revoked', 'revoked']);

      // With a certificate replica gone as well, the graph still answers through the other.
      await cluster.kill('certificate-2');
      const read = ok(
        await as<{ certificate: { state: string } }>(
          'ADMINISTRATOR',
          'query ($id: UUID!) { certificate(id: $id) { state } }',
          {
            id: certificateId,
          },
        ),
      );
      expect(read.certificate.state).toBe('REVOKED');
    },
    240_000,
  );
});
