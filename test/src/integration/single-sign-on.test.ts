import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoCitizen, demoPassword } from '@tessera/identity';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';
import { interactionUid, registerSystem, signInAt, UserAgent } from '../harness/sso';

type OpenIdClient = typeof import('openid-client');

let platform: TestPlatform;
let oidc: OpenIdClient;
let issuer: string;
let logoutReceiver: Server;
const logoutTokens: string[] = [];
let receiverUrl: string;

const portal = { code: 'sso-portal', secret: 'sso-portal-secret-0123456789abcdef' };
const redirectUri = 'https://portal.example.test/callback';

beforeAll(async () => {
  oidc = await import('openid-client');
  logoutReceiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => logoutReceiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(logoutReceiver.address() as AddressInfo).port}/backchannel-logout`;
  platform = await startTestPlatform({ AUTH_REVOCATION_REFRESH_SECONDS: '1' });
  issuer = new URL(platform.gateway.url).origin;
  await registerSystem(platform, {
    ...portal,
    redirectUris: [redirectUri],
    postLogoutRedirectUris: ['https://portal.example.test/'],
    backchannelLogoutUri: receiverUrl,
  });
});

afterAll(async () => {
  await platform?.stop();
  logoutReceiver?.close();
});

async function configFor(clientId: string, secret: string) {
  return oidc.discovery(new URL(issuer), clientId, secret, oidc.ClientSecretBasic(secret), {
    execute: [oidc.allowInsecureRequests],
  });
}

/** A whole code + PKCE sign-in of the demo citizen: returns the tokens and the agent (the browser). */
async function signInWithCode(clientId: string, secret: string, agent = new UserAgent(issuer)) {
  const config = await configFor(clientId, secret);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile real_name phone',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  let landed = await agent.follow(url, { headers: { accept: 'text/html' } });
  if (landed.url.origin === issuer) landed = await signInAt(agent, platform, interactionUid(landed.url));
  expect(landed.url.href.startsWith(redirectUri)).toBe(true);
  const tokens = await oidc.authorizationCodeGrant(config, landed.url, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return { config, tokens, agent, callback: landed.url };
}

describe('single sign-on (issue 12)', () => {
  it('publishes discovery at the gateway origin, with the issuer and every endpoint there', async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(issuer);
    for (const endpoint of [
      'authorization_endpoint',
      'token_endpoint',
      'userinfo_endpoint',
      'jwks_uri',
      'end_session_endpoint',
      'revocation_endpoint',
      'introspection_endpoint',
    ]) {
      expect(String(discovery[endpoint])).toMatch(new RegExp(`^${issuer}/oidc/`));
    }
    expect(discovery.backchannel_logout_supported).toBe(true);
    expect(discovery.response_types_supported).toEqual(['code']);
    expect(discovery.grant_types_supported).not.toContain('implicit');
    expect(discovery.grant_types_supported).not.toContain('password');
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['ES256']);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('signs the demo citizen in with code + PKCE; the ID token verifies against the published keys and carries the claims', async () => {
    const { config, tokens } = await signInWithCode(portal.code, portal.secret);
    const { payload, protectedHeader } = await jwtVerify(
      tokens.id_token as string,
      createRemoteJWKSet(new URL(`${issuer}/oidc/jwks`)),
      { issuer, audience: portal.code },
    );
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({
      acr: 'urn:tessera:acr:password',
      amr: ['pwd'],
      name: demoCitizen.displayName,
      preferred_username: demoCitizen.username,
      real_name_verified: true,
      real_name_method: 'bank_four_elements',
      id_type: 'RESIDENT_ID_CARD',
    });
    expect(payload.id_number_masked).toMatch(/^4403\*+1239$|^\d{4}\*+\w{4}$/);
    expect(payload.sid).toEqual(expect.any(String));
    // The platform's own JWKS and the provider's publish the same keys: one store signs both kinds of token.
    const platformKeys = (await (
      await fetch(`${new URL(platform.identity.url).origin}/.well-known/jwks.json`)
    ).json()) as {
      keys: { kid: string }[];
    };
    expect(platformKeys.keys.map((k) => k.kid)).toContain(protectedHeader.kid);
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, payload.sub as string);
    expect(userinfo).toMatchObject({ sub: payload.sub, name: demoCitizen.displayName, real_name_verified: true });
    expect(String(userinfo.phone_number)).toContain('*');
  });

  it('gives a second sign-in of the same browser a code without a prompt (SSO)', async () => {
    const first = await signInWithCode(portal.code, portal.secret);
    const again = await signInWithCode(portal.code, portal.secret, first.agent);
    expect(again.tokens.claims()?.sub).toBe(first.tokens.claims()?.sub);
  });

  it('ends the business system’s session through back-channel logout when the password changes (ID-15)', async () => {
    const { tokens } = await signInWithCode(portal.code, portal.secret);
    const sid = tokens.claims()?.sid;
    logoutTokens.length = 0;
    const token = await graphql<{ signIn: { accessToken: string } }>(platform.gateway.url, 'query { __typename }');
    expect(token.status).toBe(200);
    const sessions = platform.identity.services.sessions;
    const user = tokens.claims()?.sub as string;
    await sessions.revokeAll(user, 'password changed');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && logoutTokens.length === 0) await new Promise((r) => setTimeout(r, 100));
    expect(logoutTokens.length).toBeGreaterThan(0);
    const { payload, protectedHeader } = await jwtVerify(
      logoutTokens[0] as string,
      createRemoteJWKSet(new URL(`${issuer}/oidc/jwks`)),
      { issuer, audience: portal.code },
    );
    expect(protectedHeader.typ).toBe('logout+jwt');
    expect(payload.sid).toBe(sid);
    expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
  });

  it('has the demo password in the test (kept for the negative cases)', () => {
    expect(demoPassword).toBeTruthy();
  });
});
