import { CertificateApplication } from '@tessera/ra';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

let platform: TestPlatform;
let token: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  token = await platform.token({ subject: 'staff-1', kind: 'staff', roles: ['REVIEW_CLERK'] });
});

afterAll(() => platform?.stop());

const listing = `query Queue($first: Int!) {
  applications(first: $first) {
    id state
    subscriber { name }
    applicant { username }
    certificate { serialNumber }
  }
}`;

/** SQL statements each service sent for one gateway request, read from its request log line. */
async function statementsFor(first: number): Promise<Record<string, number>> {
  const response = await graphql<{ applications: unknown[] }>(platform.gateway.url, listing, {
    token,
    variables: { first },
  });
  expect(response.body.errors).toBeUndefined();
  expect(response.body.data?.applications).toHaveLength(first);
  const requestId = response.headers.get('x-request-id');
  await new Promise((r) => setTimeout(r, 50));
  const lines = platform.logs.lines.filter(
    (l) => l.entry.requestId === requestId && l.entry.message === 'graphql request',
  );
  const counts: Record<string, number> = {};
  for (const line of lines) counts[line.service] = (counts[line.service] ?? 0) + Number(line.entry.sqlStatements);
  return counts;
}

describe('a work queue of applications with subscriber, applicant and certificate (RA item 14)', () => {
  it('costs the same number of SQL statements per subgraph for 10 applications as for 60 (no N+1)', async () => {
    for (let i = 0; i < 60; i++) {
      const { application } = await seedCitizenWithCertificate(platform, `queue-${i}`);
      const em = platform.ra.orm.em.fork();
      const row = await em.findOneOrFail(CertificateApplication, { id: application.id });
      row.state = 'entered';
      await em.flush();
    }
    const ten = await statementsFor(10);
    const sixty = await statementsFor(60);
    expect(sixty).toEqual(ten);
    expect(Object.keys(ten).sort()).toEqual(['certificate', 'gateway', 'identity', 'ra']);
    expect(ten.ra).toBeLessThanOrEqual(3);
    expect(ten.identity).toBe(1);
    expect(ten.certificate).toBeLessThanOrEqual(2);
  });
});
