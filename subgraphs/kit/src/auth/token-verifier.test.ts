import { once } from 'node:events';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
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
  describe('a token verified before (issue 16 goal 1)', () => {
    const spyOnSignatures = (verifier: TokenVerifier) =>
      jest.spyOn(verifier as unknown as { verifySignature(token: string): Promise<unknown> }, 'verifySignature');

    it('is not verified again within its lifetime', async () => {
      const verifier = new TokenVerifier({ issuer, audience, keys: { keys: [trusted.jwk] } });
      const signatures = spyOnSignatures(verifier);
      const token = await sign({ kind: 'citizen', sid: 's1' });
      const first = await verifier.viewerOf(`Bearer ${token}`);
      await expect(verifier.viewerOf(`Bearer ${token}`)).resolves.toEqual(first);
      expect(signatures).toHaveBeenCalledTimes(1);
      await verifier.viewerOf(`Bearer ${await sign({ kind: 'citizen', sid: 's2' })}`);
      expect(signatures).toHaveBeenCalledTimes(2);
    });

    it('is still refused from the first request after its session ended', async () => {
      const ended = new Set<string>();
      const verifier = new TokenVerifier({
        issuer,
        audience,
        keys: { keys: [trusted.jwk] },
        revocations: { isRevoked: async (sessionId) => ended.has(sessionId) },
      });
      const token = await sign({ kind: 'citizen', sid: 's1' });
      await expect(verifier.verify(token)).resolves.toMatchObject({ sessionId: 's1' });
      ended.add('s1');
      await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'SESSION_ENDED' } });
    });

    it('is refused once it expired, and once its key left the key set', async () => {
      let set = { keys: [trusted.jwk] };
      const verifier = new TokenVerifier({ issuer, audience, keys: async () => set });
      const shortLived = await sign({ kind: 'citizen' }, { exp: '1s' });
      const token = await sign({ kind: 'citizen' });
      await expect(verifier.verify(shortLived)).resolves.toMatchObject({ subject: 'user-1' });
      await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      await expect(verifier.verify(shortLived)).rejects.toMatchObject({ extensions: { code: 'INVALID_TOKEN' } });
      await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
      set = { keys: [stranger.jwk] };
      await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'INVALID_TOKEN' } });
    });
  });
});

describe('the JWKS a verifier fetches (AUTH_JWKS_CACHE_SECONDS)', () => {
  it('uses its copy for the cache period, drops a removed key after it, and refetches at once for an unknown key id', async () => {
    const [first, second] = [await keyPair('first'), await keyPair('second')];
    const state = { keys: [first.jwk], fetches: 0 };
    const server = createServer((_req, res) => {
      state.fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const verifier = new TokenVerifier({
        issuer,
        audience,
        keys: new URL(`http://127.0.0.1:${port}/.well-known/jwks.json`),
        jwksCacheMs: 400,
      });
      const token = (key: typeof first) =>
        new SignJWT({ kind: 'citizen' })
          .setProtectedHeader({ alg: 'ES256', kid: key.jwk.kid })
          .setIssuer(issuer)
          .setAudience(audience)
          .setSubject('user-1')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(key.privateKey);
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      await expect(verifier.verify(await token(first))).resolves.toMatchObject({ subject: 'user-1' });
      expect(state.fetches).toBe(1);

      // A key published after the fetch: a token naming it makes the verifier fetch again (past the cooldown).
      state.keys = [first.jwk, second.jwk];
      await pause(450);
      await expect(verifier.verify(await token(second))).resolves.toMatchObject({ subject: 'user-1' });
      expect(state.fetches).toBe(2);

      // A retired key: gone from the verifier's copy once the cache period is over.
      state.keys = [second.jwk];
      await expect(verifier.verify(await token(first))).resolves.toMatchObject({ subject: 'user-1' });
      await pause(450);
      await expect(verifier.verify(await token(first))).rejects.toMatchObject({
        extensions: { code: 'INVALID_TOKEN' },
      });
    } finally {
      server.close();
    }
  });
});

describe('tokens verified once, then remembered (issue 16: no per-request work that can be done once)', () => {
  const claims = { kind: 'citizen' };
  const signWith = (
    key: Awaited<ReturnType<typeof keyPair>>,
    claimsOf: Record<string, unknown>,
    exp: string | number = '5m',
  ) =>
    new SignJWT(claimsOf)
      .setProtectedHeader({ alg: 'ES256', kid: key.jwk.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key.privateKey);

  it('answers a token seen again from memory, and each token only with its own viewer', async () => {
    const key = await keyPair('k');
    const verifier = new TokenVerifier({ issuer, audience, keys: { keys: [key.jwk] } });
    const token = await signWith(key, claims);
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    const other = await signWith(key, { kind: 'staff', roles: ['ADMINISTRATOR'] });
    expect(await verifier.verify(other)).toMatchObject({ kind: 'staff', roles: new Set(['ADMINISTRATOR']) });
    expect(await verifier.verify(token)).toBe(first);
  });

  it('still refuses a remembered token once it has expired', async () => {
    const key = await keyPair('k');
    const verifier = new TokenVerifier({ issuer, audience, keys: { keys: [key.jwk] } });
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const token = await signWith(key, claims, expiresAt);
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'INVALID_TOKEN' } });
  });

  it('refuses a remembered token once its session has ended, on every use', async () => {
    const key = await keyPair('k');
    const ended = new Set<string>();
    const verifier = new TokenVerifier({
      issuer,
      audience,
      keys: { keys: [key.jwk] },
      revocations: { isRevoked: async (sid) => ended.has(sid) },
    });
    const token = await signWith(key, { ...claims, sid: 's1' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ sessionId: 's1' });
    ended.add('s1');
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'SESSION_ENDED' } });
  });

  it('refuses a remembered token once its key is withdrawn from the key set, and checks it again when the key is replaced', async () => {
    const [first, impostor] = [await keyPair('first'), await keyPair('first')];
    let set: JSONWebKeySet = { keys: [first.jwk] };
    const verifier = new TokenVerifier({ issuer, audience, keys: async () => set });
    const token = await signWith(first, claims);
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
    set = { keys: [] };
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'INVALID_TOKEN' } });
    set = { keys: [first.jwk] };
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
    // Another key under the same id: the token's signature is checked against it, and fails.
    set = { keys: [impostor.jwk] };
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: 'INVALID_TOKEN' } });
  });
});
