import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

let platform: TestPlatform;
const tokens: Record<'administrator' | 'auditor' | 'clerk' | 'citizen', string> = {
  administrator: '',
  auditor: '',
  clerk: '',
  citizen: '',
};

beforeAll(async () => {
  platform = await startTestPlatform();
  tokens.administrator = await platform.token({ subject: 'admin-1', kind: 'staff', roles: ['ADMINISTRATOR'] });
  tokens.auditor = await platform.token({ subject: 'auditor-1', kind: 'staff', roles: ['AUDITOR'] });
  tokens.clerk = await platform.token({ subject: 'clerk-1', kind: 'staff', roles: ['REVIEW_CLERK'] });
  tokens.citizen = await platform.token({ subject: crypto.randomUUID(), kind: 'citizen' });
});

afterAll(() => platform?.stop());

const fields =
  'name periodSeconds nextRunAt failuresInARow lastSuccessAt lastRun { startedAt outcome errorCode runner }';
const allJobs = /* GraphQL */ `
  query ScheduledJobs {
    identityScheduledJobs { ${fields} }
    certificateScheduledJobs { ${fields} }
    raScheduledJobs { ${fields} }
  }
`;

interface Job {
  name: string;
  periodSeconds: number;
  nextRunAt: string;
  failuresInARow: number;
  lastRun: unknown;
}
type Jobs = Record<'identityScheduledJobs' | 'certificateScheduledJobs' | 'raScheduledJobs', Job[]>;

describe('scheduled jobs through the gateway (issue 13 item 2)', () => {
  it.each(['administrator', 'auditor'] as const)('lists every subgraph’s jobs to an %s', async (who) => {
    const { status, body } = await graphql<Jobs>(platform.gateway.url, allJobs, { token: tokens[who] });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    const names = (jobs: Job[] | undefined) => jobs?.map((job) => job.name);
    expect(names(body.data?.identityScheduledJobs)).toEqual([
      'captcha-purge',
      'sms-request-purge',
      'oidc-record-purge',
      'certificate-challenge-purge',
    ]);
    expect(names(body.data?.certificateScheduledJobs)).toEqual(['hold-release', 'crl-refresh']);
    expect(names(body.data?.raScheduledJobs)).toEqual(['weekly-consultation-summary', 'suspension-review']);
    const now = Date.now();
    for (const job of Object.values(body.data ?? {}).flat()) {
      expect(job.periodSeconds).toBeGreaterThanOrEqual(600);
      expect(Date.parse(job.nextRunAt)).toBeGreaterThan(now - 1_000);
      expect(Date.parse(job.nextRunAt)).toBeLessThanOrEqual(now + job.periodSeconds * 1000);
      expect(job.failuresInARow).toBe(0);
    }
  });

  it.each(['clerk', 'citizen'] as const)('refuses a %s', async (who) => {
    const { body } = await graphql(platform.gateway.url, allJobs, { token: tokens[who] });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
  });

  it('refuses an anonymous caller', async () => {
    const { body } = await graphql(platform.gateway.url, '{ raScheduledJobs { name } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
