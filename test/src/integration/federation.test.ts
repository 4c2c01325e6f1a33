import { seedCitizenWithCertificate } from '../harness/fixtures';
import { type GraphResponse, graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

let platform: TestPlatform;
let alice: Awaited<ReturnType<typeof seedCitizenWithCertificate>>;
let aliceToken: string;
let bobToken: string;
let clerkToken: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  alice = await seedCitizenWithCertificate(platform, 'alice');
  const bob = await seedCitizenWithCertificate(platform, 'bob');
  aliceToken = await platform.token({ subject: alice.user.id, kind: 'citizen' });
  bobToken = await platform.token({ subject: bob.user.id, kind: 'citizen' });
  clerkToken = await platform.token({ subject: 'staff-1', kind: 'staff', roles: ['REVIEW_CLERK'] });
});

afterAll(() => platform?.stop());

const crossSubgraph = /* GraphQL */ `
  query MyCertificates {
    me {
      id
      username
      certificates { serialNumber subject application { businessType state } }
      applications { businessType certificate { serialNumber kind } }
    }
  }
`;

describe('the federated graph', () => {
  it('answers one query with data from identity, certificate and ra', async () => {
    const { status, body } = await graphql(platform.gateway.url, crossSubgraph, { token: aliceToken });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data).toEqual({
      me: {
        id: alice.user.id,
        username: 'alice',
        certificates: [
          {
            serialNumber: alice.certificate.serialNumber,
            subject: 'CN=alice,O=Tessera Test',
            application: { businessType: 'NEW', state: 'COMPLETED' },
          },
        ],
        applications: [
          { businessType: 'NEW', certificate: { serialNumber: alice.certificate.serialNumber, kind: 'PERSONAL' } },
        ],
      },
    });
  });

  it('lets staff read another person through the graph but not a citizen', async () => {
    const query = `query($id: UUID!) { user(id: $id) { username certificates { serialNumber } } }`;
    const asClerk = await graphql(platform.gateway.url, query, { token: clerkToken, variables: { id: alice.user.id } });
    expect(asClerk.body.errors).toBeUndefined();
    expect(asClerk.body.data).toEqual({
      user: { username: 'alice', certificates: [{ serialNumber: alice.certificate.serialNumber }] },
    });
    const asBob = await graphql(platform.gateway.url, query, { token: bobToken, variables: { id: alice.user.id } });
    expect(asBob.body.data).toEqual({ user: null });
    expect(asBob.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

/** A direct `_entities` call, as the gateway makes it, with the caller's token. */
function entities(url: string, representations: object[], selection: string, token?: string): Promise<GraphResponse> {
  return graphql(url, `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, {
    variables: { r: representations },
    token,
  });
}

describe('permissions on the _entities path (deny by default)', () => {
  const cases = [
    {
      subgraph: 'identity' as const,
      typename: 'User',
      selection: '... on User { username }',
      owner: () => aliceToken,
      ref: () => alice.user.id,
    },
    {
      subgraph: 'certificate' as const,
      typename: 'User',
      selection: '... on User { certificates { id } }',
      owner: () => aliceToken,
      ref: () => alice.user.id,
    },
    {
      subgraph: 'ra' as const,
      typename: 'User',
      selection: '... on User { applications { id } }',
      owner: () => aliceToken,
      ref: () => alice.user.id,
    },
    {
      subgraph: 'ra' as const,
      typename: 'CertificateApplication',
      selection: '... on CertificateApplication { state }',
      owner: () => aliceToken,
      ref: () => alice.application.id,
    },
  ];

  it.each(cases)(
    '$subgraph $typename: anonymous is refused, another citizen is forbidden, the owner reads',
    async (c) => {
      const url = platform[c.subgraph].url;
      const reps = [{ __typename: c.typename, id: c.ref() }];
      const anonymous = await entities(url, reps, c.selection);
      expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const other = await entities(url, reps, c.selection, bobToken);
      expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const owner = await entities(url, reps, c.selection, c.owner());
      expect(owner.body.errors).toBeUndefined();
      expect(owner.body.data?._entities).toHaveLength(1);
    },
  );

  it('keeps certificate status fields public (CT-2) through _entities', async () => {
    const reps = [{ __typename: 'Certificate', id: alice.certificate.id }];
    const { body } = await entities(platform.certificate.url, reps, '... on Certificate { serialNumber notAfter }');
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { serialNumber: alice.certificate.serialNumber, notAfter: '2028-01-01T00:00:00.000Z' },
    ]);
  });

  it("hides the application behind someone else's certificate", async () => {
    const reps = [{ __typename: 'Certificate', id: alice.certificate.id }];
    const selection = '... on Certificate { application { state } }';
    const asBob = await entities(platform.ra.url, reps, selection, bobToken);
    expect(asBob.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asAlice = await entities(platform.ra.url, reps, selection, aliceToken);
    expect(asAlice.body.data?._entities).toEqual([{ application: { state: 'COMPLETED' } }]);
  });
});

describe('authentication in every subgraph', () => {
  it.each(['identity', 'certificate', 'ra'] as const)(
    '%s rejects a malformed or forged token with 401',
    async (name) => {
      const url = platform[name].url;
      const malformed = await graphql(url, '{ __typename }', { headers: { authorization: 'Bearer not a token' } });
      expect(malformed.status).toBe(401);
      expect(malformed.body.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
      const [header, payload] = aliceToken.split('.');
      const forged = `${header}.${payload}.${Buffer.from('forged').toString('base64url')}`;
      const rejected = await graphql(url, '{ __typename }', { token: forged });
      expect(rejected.status).toBe(401);
      expect(rejected.body.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
    },
  );

  it('the gateway rejects an expired token before calling any subgraph', async () => {
    const expired = await platform.token({ subject: alice.user.id, kind: 'citizen', ttl: -60 });
    const response = await graphql(platform.gateway.url, crossSubgraph, { token: expired });
    expect(response.status).toBe(401);
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_TOKEN']);
    expect(response.body.data ?? null).toBeNull();
  });
});
