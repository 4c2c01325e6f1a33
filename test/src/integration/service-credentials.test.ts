import { clientCredentialsTokens } from '@tessera/kit';
import { decodeJwt } from 'jose';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

const raSecret = 'ra-service-secret-for-the-docker-stack-0001';
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({ SERVICE_SECRETS: `ra:${raSecret}` });
});

afterAll(() => platform?.stop());

const tokenUrl = () => new URL('/oauth/token', platform.identity.url).toString();

describe('service tokens for subgraphs running as their own processes (RA item 12, docker/)', () => {
  it('lets the RA obtain a service token with its secret and enroll at the certificate subgraph with it', async () => {
    const tokens = clientCredentialsTokens({ tokenUrl: tokenUrl(), clientId: 'ra', clientSecret: raSecret });
    const token = await tokens.token();
    expect(decodeJwt(token)).toMatchObject({ sub: 'ra', kind: 'service' });
    expect(await tokens.token()).toBe(token);

    const { body } = await graphql<{ createEnrollment: { referenceCode: string } }>(
      platform.certificate.url,
      `mutation($input: EnrollmentInput!) { createEnrollment(input: $input) { referenceCode } }`,
      {
        token,
        variables: {
          input: {
            kind: 'ORGANIZATION',
            usage: 'SIGNING',
            subject: 'CN=晋阳煤业,C=CN',
            applicationReference: 'service-credentials-test',
          },
        },
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.createEnrollment.referenceCode).toEqual(expect.any(String));
  });

  it('refuses a wrong secret, and a citizen token cannot enroll', async () => {
    await expect(
      clientCredentialsTokens({ tokenUrl: tokenUrl(), clientId: 'ra', clientSecret: `${raSecret}-wrong` }).token(),
    ).rejects.toThrow(/401/);
    const citizen = await platform.token({ subject: '6f1c9a5e-2b1d-4c8e-9a51-000000000001', kind: 'citizen' });
    const { body } = await graphql(
      platform.certificate.url,
      `mutation($input: EnrollmentInput!) { createEnrollment(input: $input) { referenceCode } }`,
      { token: citizen, variables: { input: { kind: 'PERSONAL', usage: 'SIGNING', subject: 'CN=x,C=CN' } } },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
