import { retiresAt, type TokenRequest } from '@tessera/identity';
import { decodeProtectedHeader } from 'jose';
import { type GraphResponse, graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

/** Every verifier refetches identity's JWKS at least this often (AUTH_JWKS_CACHE_SECONDS). */
const jwksCacheSeconds = 1;

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({ AUTH_JWKS_CACHE_SECONDS: String(jwksCacheSeconds) });
});

afterAll(() => platform?.stop());

const codeOf = (response: GraphResponse) => response.body.errors?.[0]?.extensions?.code;
const kidOf = (token: string) => decodeProtectedHeader(token).kid as string;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The same staff token asked of identity, the certificate and RA subgraphs, and the gateway. */
async function everywhere(token: string): Promise<{ where: string; status: number; code: unknown }[]> {
  const asks = [
    ['identity', platform.identity.url, '{ signingKeys { kid } }'],
    ['certificate', platform.certificate.url, '{ certificates(first: 1) { __typename } }'],
    ['ra', platform.ra.url, '{ applicationWorkflow { from } }'],
    ['gateway', platform.gateway.url, '{ signingKeys { kid } applicationWorkflow { from } }'],
  ] as const;
  return Promise.all(
    asks.map(async ([where, url, query]) => {
      const response = await graphql(url, query, { token });
      return { where, status: response.status, code: codeOf(response) ?? 'ok' };
    }),
  );
}

const answers = (status: number, code: string) =>
  ['identity', 'certificate', 'ra', 'gateway'].map((where) => ({ where, status, code }));

describe('signing-key rotation across the platform', () => {
  it('tokens signed before a rotation verify at identity and every other subgraph until their key retires; then nowhere', async () => {
    const keys = platform.identity.services.tokens.keys;
    const administrator: TokenRequest = { subject: 'staff-admin', kind: 'staff', roles: ['ADMINISTRATOR'] };
    const before = await platform.token(administrator);
    expect(await everywhere(before)).toEqual(answers(200, 'ok'));

    const rotated = await graphql<{ rotateSigningKey: { kid: string; state: string; activatesAt: string } }>(
      platform.gateway.url,
      'mutation { rotateSigningKey { kid state activatesAt } }',
      { token: before },
    );
    const next = rotated.body.data?.rotateSigningKey;
    expect(next?.state).toBe('next');
    // Published first: every verifier sees it in the JWKS while the old key still signs.
    const jwks = (await (await fetch(new URL('/.well-known/jwks.json', platform.identity.url))).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toEqual([kidOf(before), next?.kid]);
    expect(kidOf(await platform.token(administrator))).toBe(kidOf(before));

    // The pre-publication period is over (the scheduled check, run here with that time).
    const activatedAt = new Date(next?.activatesAt as string);
    await keys.advance(activatedAt);
    const after = await platform.token(administrator);
    expect(kidOf(after)).toBe(next?.kid);
    await pause(jwksCacheSeconds * 1000 + 100);
    expect(await everywhere(before)).toEqual(answers(200, 'ok'));
    expect(await everywhere(after)).toEqual(answers(200, 'ok'));

    // The last token the old key signed has expired: it leaves the JWKS everywhere.
    await keys.advance(retiresAt(activatedAt, keys.policy));
    await pause(jwksCacheSeconds * 1000 + 100);
    expect(await everywhere(before)).toEqual(answers(401, 'INVALID_TOKEN'));
    expect(await everywhere(after)).toEqual(answers(200, 'ok'));
  });
});
