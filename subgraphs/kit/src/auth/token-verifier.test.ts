import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier';

const issuer = 'urn:tessera:identity';
const audience = 'urn:tessera:graph';

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
}

describe('access-token verification', () => {
  let trusted: Awaited<ReturnType<typeof keyPair>>;
  let stranger: Awaited<ReturnType<typeof keyPair>>;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    trusted = await keyPair('trusted');
    stranger = await keyPair('trusted');
    verifier = new TokenVerifier({ issuer, audience, keys: { keys: [trusted.jwk] } });
  });

  type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  type SignOptions = { key?: PrivateKey; iss?: string; aud?: string; exp?: string };

  const sign = (claims: Record<string, unknown>, options: SignOptions = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'trusted' })
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? audience)
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(options.key ?? trusted.privateKey);

  it('treats a request without Authorization as anonymous', async () => {
    await expect(verifier.viewerOf(undefined)).resolves.toEqual({ kind: 'anonymous' });
  });

  it('turns the claims of a valid token into a viewer with roles and scopes', async () => {
    const token = await sign({ kind: 'staff', roles: ['REVIEW_CLERK', 'NOT_A_ROLE'], scope: 'a b', sid: 's1' });
    const viewer = await verifier.viewerOf(`Bearer ${token}`);
    expect(viewer).toEqual({
      kind: 'staff',
      subject: 'user-1',
      roles: new Set(['REVIEW_CLERK']),
      scopes: new Set(['a', 'b']),
      sessionId: 's1',
      realNameVerified: false,
    });
  });

  it('never gives roles to a principal that is not staff', async () => {
    const token = await sign({ kind: 'citizen', roles: ['ADMINISTRATOR'] });
    const viewer = await verifier.viewerOf(`Bearer ${token}`);
    expect(viewer.kind === 'citizen' && viewer.roles.size).toBe(0);
  });

  it.each<[string, () => SignOptions]>([
    ['another key', () => ({ key: stranger.privateKey })],
    ['another issuer', () => ({ iss: 'urn:evil' })],
    ['another audience', () => ({ aud: 'urn:other' })],
    ['expiry in the past', () => ({ exp: '-1m' })],
  ])('rejects a token with %s', async (_name, options) => {
    const token = await sign({ kind: 'citizen' }, options());
    await expect(verifier.viewerOf(`Bearer ${token}`)).rejects.toMatchObject({
      extensions: { code: 'INVALID_TOKEN', http: { status: 401 } },
    });
  });

  it('rejects an unknown principal kind and a malformed header', async () => {
    const token = await sign({ kind: 'root' });
    await expect(verifier.viewerOf(`Bearer ${token}`)).rejects.toMatchObject({ extensions: { code: 'INVALID_TOKEN' } });
    await expect(verifier.viewerOf('Basic dXNlcjpwYXNz')).rejects.toMatchObject({
      extensions: { code: 'INVALID_TOKEN' },
    });
  });
});
