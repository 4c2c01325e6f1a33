import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, exportJWK, generateKeyPair, type JWTPayload, type KeyLike, SignJWT } from 'jose';
import { backchannelLogoutEvent, endsSession, type LogoutTokenChecks, verifyLogoutToken } from './logout-token';

const issuer = 'http://127.0.0.1:4000';
const audience = 'demo-portal';

describe('logout tokens (OIDC Back-Channel Logout 1.0, 2.6)', () => {
  let server: http.Server;
  let providerKey: KeyLike;
  let strangerKey: KeyLike;
  let checks: LogoutTokenChecks;

  beforeAll(async () => {
    const provider = await generateKeyPair('ES256');
    providerKey = provider.privateKey;
    strangerKey = (await generateKeyPair('ES256')).privateKey;
    const jwks = { keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'provider', alg: 'ES256', use: 'sig' }] };
    server = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    checks = { issuer, audience, keys: createRemoteJWKSet(new URL(`http://127.0.0.1:${port}/oidc/jwks`)) };
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A logout token as the provider sends it, changed by `claims` (undefined removes a claim) and `header`. */
  function logoutToken(claims: JWTPayload = {}, header: Record<string, unknown> = {}, key = providerKey) {
    const payload: JWTPayload = {
      iss: issuer,
      aud: audience,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 120,
      jti: randomUUID(),
      sub: 'user-1',
      sid: 'session-1',
      events: { [backchannelLogoutEvent]: {} },
      ...claims,
    };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'ES256', kid: 'provider', typ: 'logout+jwt', ...header })
      .sign(key);
  }

  it('accepts a token signed by the provider and says whom it signs out', async () => {
    await expect(verifyLogoutToken(await logoutToken(), checks)).resolves.toEqual({ sub: 'user-1', sid: 'session-1' });
    await expect(verifyLogoutToken(await logoutToken({ sid: undefined }), checks)).resolves.toEqual({ sub: 'user-1' });
    await expect(verifyLogoutToken(await logoutToken({ sub: undefined }), checks)).resolves.toEqual({
      sid: 'session-1',
    });
    await expect(verifyLogoutToken(await logoutToken({}, { typ: undefined }), checks)).resolves.toBeDefined();
    await expect(verifyLogoutToken(await logoutToken({ aud: ['other', audience] }), checks)).resolves.toBeDefined();
  });

  it.each<{ with: string; claims?: JWTPayload; header?: Record<string, unknown>; key?: 'stranger'; because: RegExp }>([
    { with: 'another issuer', claims: { iss: 'http://127.0.0.1:4999' }, because: /iss/ },
    { with: 'another audience', claims: { aud: 'demo-pension' }, because: /aud/ },
    { with: 'no iat', claims: { iat: undefined }, because: /iat/ },
    { with: 'an expiry in the past', claims: { exp: Math.floor(Date.now() / 1000) - 600 }, because: /exp/ },
    { with: 'no events claim', claims: { events: undefined }, because: /events/ },
    {
      with: 'events without the back-channel logout event',
      claims: { events: { 'http://example.com/other': {} } },
      because: /events/,
    },
    {
      with: 'an event that is not an object',
      claims: { events: { [backchannelLogoutEvent]: 'yes' } },
      because: /events/,
    },
    { with: 'neither sid nor sub', claims: { sid: undefined, sub: undefined }, because: /sid/ },
    { with: 'a nonce (an ID token)', claims: { nonce: 'n-0S6_WzA2Mj' }, because: /nonce/ },
    { with: 'another explicit type', header: { typ: 'JWT' }, because: /typ/ },
    { with: 'a key the provider does not publish', key: 'stranger', because: /signature/ },
  ])('refuses a token with $with', async ({ claims, header, key, because }) => {
    const token = await logoutToken(claims, header, key === 'stranger' ? strangerKey : providerKey);
    await expect(verifyLogoutToken(token, checks)).rejects.toMatchObject({
      name: 'LogoutTokenRejected',
      message: because,
    });
  });

  it('refuses a missing token and one that is no JWT', async () => {
    await expect(verifyLogoutToken(undefined, checks)).rejects.toMatchObject({ name: 'LogoutTokenRejected' });
    await expect(verifyLogoutToken('not.a.jwt', checks)).rejects.toMatchObject({ name: 'LogoutTokenRejected' });
  });
});

describe('which local sessions a logout ends', () => {
  const morning = { sub: 'user-1', sid: 'session-1' };
  const evening = { sub: 'user-1', sid: 'session-2' };
  const neighbour = { sub: 'user-2', sid: 'session-3' };

  it('ends the sessions of the named provider session only, or all of a user without one', () => {
    expect([morning, evening, neighbour].map((s) => endsSession({ sid: 'session-1' }, s))).toEqual([
      true,
      false,
      false,
    ]);
    expect([morning, evening, neighbour].map((s) => endsSession({ sub: 'user-1' }, s))).toEqual([true, true, false]);
    expect(endsSession({ sub: 'user-2', sid: 'session-1' }, morning)).toBe(false);
  });
});
