import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  demoCitizen,
  demoPassword,
  demoStaff,
  demoTotpSecret,
  IssuedToken,
  identity,
  PasswordHasher,
  User,
} from '@tessera/identity';
import { createLogger, loadConfig, startSubgraph } from '@tessera/kit';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { authenticator } from 'otplib';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';
import { interactionUid, registerSystem, signInAt, solvedCaptcha, UserAgent } from '../harness/sso';

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

/** An authorization request of a system with PKCE (S256), to the test's redirect URI; `scope` openid unless given. */
async function authorization(config: Awaited<ReturnType<typeof configFor>>, params: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...params,
  });
  return { verifier, url };
}

/** A citizen account made for one test (not real-name verified). */
async function newCitizen(username: string, displayName: string, password: string): Promise<void> {
  const em = platform.identity.orm.em.fork();
  em.create(User, { username, displayName, kind: 'citizen', passwordHash: await new PasswordHasher().hash(password) });
  await em.flush();
}

/** A whole code + PKCE sign-in of the demo citizen: returns the tokens and the agent (the browser). */
async function signInWithCode(
  clientId: string,
  secret: string,
  agent = new UserAgent(issuer),
  who?: { username: string; password: string },
) {
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
  if (landed.url.origin === issuer) landed = await signInAt(agent, platform, interactionUid(landed.url), who);
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

  it("answers before Express with the platform's security headers and request id, at the gateway and at identity", async () => {
    const identityOrigin = new URL(platform.identity.url).origin;
    for (const url of [
      `${issuer}/.well-known/openid-configuration`,
      `${identityOrigin}/.well-known/openid-configuration`,
      `${issuer}/oidc/jwks`,
      // An error page of the provider (an unknown client): HTML under the strict policy.
      `${issuer}/oidc/auth?client_id=nobody&response_type=code&scope=openid`,
    ]) {
      const response = await fetch(url, { headers: { 'x-request-id': 'sso-headers-0001' } });
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-request-id')).toBe('sso-headers-0001');
      // Plain HTTP: no HSTS (a browser would ignore it, and a development machine must not be pinned).
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    // The sign-in page's API is still Express's (its JSON body parser, its typed errors).
    const api = await fetch(`${issuer}/oidc/interaction/unknown-uid/details`, {
      headers: { accept: 'application/json' },
    });
    expect(api.status).toBeGreaterThanOrEqual(400);
    expect(((await api.json()) as { error?: { code?: string } }).error?.code).toBe('SSO_INTERACTION_EXPIRED');
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
    const citizen = await platform.identity.orm.em.fork().findOneOrFail(User, { username: demoCitizen.username });
    expect(payload.real_name_verified_at).toBe(Math.floor((citizen.verifiedAt as Date).getTime() / 1000));
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

  it('releases nothing more about an account locked after the sign-in: its access token no longer reads userinfo', async () => {
    const who = { username: 'sso_locked_zhao', password: 'Zhao-Password-2026' };
    await newCitizen(who.username, '赵六', who.password);
    const { config, tokens } = await signInWithCode(portal.code, portal.secret, new UserAgent(issuer), who);
    const sub = tokens.claims()?.sub as string;
    expect(await oidc.fetchUserInfo(config, tokens.access_token, sub)).toMatchObject({
      preferred_username: who.username,
    });
    await platform.identity.orm.em.fork().nativeUpdate(User, { username: who.username }, { lockedAt: new Date() });
    await expect(oidc.fetchUserInfo(config, tokens.access_token, sub)).rejects.toThrow();
  });

  it('gives a second sign-in of the same browser a code without a prompt (SSO)', async () => {
    const first = await signInWithCode(portal.code, portal.secret);
    const again = await signInWithCode(portal.code, portal.secret, first.agent);
    expect(again.tokens.claims()?.sub).toBe(first.tokens.claims()?.sub);
  });

  it('ends the business system’s session through back-channel logout when the password changes (ID-15)', async () => {
    const who = { username: 'bcl_wang', password: 'Wang-Password-2026' };
    await newCitizen(who.username, '王五', who.password);
    const { tokens } = await signInWithCode(portal.code, portal.secret, new UserAgent(issuer), who);
    const sid = tokens.claims()?.sid;
    const user = tokens.claims()?.sub as string;
    logoutTokens.length = 0;
    // The citizen changes the password in the web client (another session of the platform).
    const signedIn = await graphql<{ signIn: { accessToken: string } }>(
      platform.gateway.url,
      'mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }',
      { variables: { input: { ...who, ...(await solvedCaptcha(platform)) } } },
    );
    const changed = await graphql(
      platform.gateway.url,
      'mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }',
      {
        token: signedIn.body.data?.signIn.accessToken,
        variables: {
          input: {
            currentPassword: who.password,
            newPassword: 'Wang-Password-2027',
            confirmPassword: 'Wang-Password-2027',
            ...(await solvedCaptcha(platform)),
          },
        },
      },
    );
    expect(changed.body.errors).toBeUndefined();
    // Every session of the user ends, and each business system it signed in to is told its own sid.
    const keys = createRemoteJWKSet(new URL(`${issuer}/oidc/jwks`));
    const verified = async () =>
      Promise.all(logoutTokens.map(async (t) => jwtVerify(t, keys, { issuer, audience: portal.code })));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !(await verified()).some((v) => v.payload.sid === sid)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const told = (await verified()).find((v) => v.payload.sid === sid);
    expect(told?.protectedHeader.typ).toBe('logout+jwt');
    expect(told?.payload.sub).toBe(user);
    expect(told?.payload.nonce).toBeUndefined();
    expect(told?.payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
  });

  it('rotates refresh tokens and, when a rotated one is used again, revokes the whole grant', async () => {
    const { config, tokens } = await signInWithCode(portal.code, portal.secret);
    const first = tokens.refresh_token as string;
    expect(first).toEqual(expect.any(String));
    const rotated = await oidc.refreshTokenGrant(config, first);
    expect(rotated.refresh_token).not.toBe(first);
    expect(rotated.access_token).not.toBe(tokens.access_token);
    await expect(oidc.refreshTokenGrant(config, first)).rejects.toMatchObject({ error: 'invalid_grant' });
    // Reuse detected: the token that replaced it dies too.
    await expect(oidc.refreshTokenGrant(config, rotated.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('introspects a system’s own tokens (RFC 7662) and revokes them (RFC 7009)', async () => {
    const { config, tokens } = await signInWithCode(portal.code, portal.secret);
    const live = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(live).toMatchObject({ active: true, client_id: portal.code, sub: tokens.claims()?.sub });
    expect(String(live.scope)).toContain('openid');
    // Another system learns nothing of the token and cannot revoke it.
    await registerSystem(platform, { code: 'sso-nosy', secret: portal.secret, redirectUris: [redirectUri] });
    const nosy = await configFor('sso-nosy', portal.secret);
    expect((await oidc.tokenIntrospection(nosy, tokens.access_token)).active).toBe(false);
    await oidc.tokenRevocation(nosy, tokens.access_token).catch(() => undefined);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(true);
    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    await expect(oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub as string)).rejects.toThrow();
  });

  it('gives a system configured for pairwise subjects its own stable sub, not the user id', async () => {
    await registerSystem(platform, {
      code: 'sso-pairwise',
      secret: portal.secret,
      redirectUris: [redirectUri],
      pairwiseSubject: true,
    });
    await registerSystem(platform, {
      code: 'sso-pairwise-2',
      secret: portal.secret,
      redirectUris: [redirectUri],
      pairwiseSubject: true,
    });
    const plain = await signInWithCode(portal.code, portal.secret);
    const first = await signInWithCode('sso-pairwise', portal.secret, plain.agent);
    const again = await signInWithCode('sso-pairwise', portal.secret, plain.agent);
    const other = await signInWithCode('sso-pairwise-2', portal.secret, plain.agent);
    const userId = plain.tokens.claims()?.sub;
    expect(first.tokens.claims()?.sub).not.toBe(userId);
    expect(again.tokens.claims()?.sub).toBe(first.tokens.claims()?.sub);
    expect(other.tokens.claims()?.sub).not.toBe(first.tokens.claims()?.sub);
  });

  it('authenticates a system by private_key_jwt', async () => {
    const { exportJWK } = await import('jose');
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'pkj-1', alg: 'ES256', use: 'sig' };
    await registerSystem(platform, {
      code: 'sso-keyed',
      redirectUris: [redirectUri],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [publicJwk] },
    });
    const config = await oidc.discovery(
      new URL(issuer),
      'sso-keyed',
      undefined,
      oidc.PrivateKeyJwt({ key: pair.privateKey, kid: 'pkj-1' }),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    const agent = new UserAgent(issuer);
    const { verifier, url } = await authorization(config);
    let landed = await agent.follow(url);
    landed = await signInAt(agent, platform, interactionUid(landed.url));
    const tokens = await oidc.authorizationCodeGrant(config, landed.url, { pkceCodeVerifier: verifier });
    expect(tokens.claims()?.aud).toBe('sso-keyed');
  });

  describe('refuses bad requests as the specifications say', () => {
    const authorize = (params: Record<string, string>) =>
      new UserAgent(issuer).follow(`${issuer}/oidc/auth?${new URLSearchParams(params)}`, {
        headers: { accept: 'text/html' },
      });

    it('shows an error page, never a redirect, for an unknown client or an unregistered redirect URI', async () => {
      for (const params of [
        { client_id: 'no-such-system', redirect_uri: redirectUri, response_type: 'code', scope: 'openid' },
        {
          client_id: portal.code,
          redirect_uri: 'https://evil.example.test/callback',
          response_type: 'code',
          scope: 'openid',
        },
      ]) {
        const { url, response } = await authorize(params);
        expect(url.origin).toBe(issuer);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('text/html');
        const page = await response.text();
        expect(page).toContain(response.headers.get('x-request-id'));
        expect(page).not.toMatch(/at \w+ \(|node_modules/);
      }
    });

    it('refuses implicit and hybrid flows, and a public client without PKCE', async () => {
      const implicit = await authorize({
        client_id: portal.code,
        redirect_uri: redirectUri,
        response_type: 'id_token',
        scope: 'openid',
        nonce: 'n',
      });
      expect(implicit.url.href.startsWith(redirectUri) || implicit.response.status === 400).toBe(true);
      if (implicit.url.href.startsWith(redirectUri)) {
        expect(new URLSearchParams(implicit.url.search || implicit.url.hash.slice(1)).get('error')).toBe(
          'unsupported_response_type',
        );
      }
      await registerSystem(platform, {
        code: 'sso-public',
        redirectUris: [redirectUri],
        tokenEndpointAuthMethod: 'none',
      });
      const noPkce = await authorize({
        client_id: 'sso-public',
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid',
      });
      expect(noPkce.url.searchParams.get('error')).toBe('invalid_request');
    });

    it('refuses a scope the system may not have', async () => {
      await registerSystem(platform, {
        code: 'sso-narrow',
        secret: portal.secret,
        redirectUris: [redirectUri],
        scopes: ['openid'],
      });
      const { url } = await authorize({
        client_id: 'sso-narrow',
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid real_name',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      });
      expect(url.searchParams.get('error')).toBe('invalid_scope');
    });

    it('refuses a wrong secret, a wrong PKCE verifier and a code used twice', async () => {
      await expect(signInWithCode(portal.code, 'wrong-secret-0123456789abcdef')).rejects.toMatchObject({ status: 401 });
      const basic = Buffer.from(`${portal.code}:wrong-secret-0123456789abcdef`).toString('base64');
      const refused = await fetch(`${issuer}/oidc/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=authorization_code&code=x&redirect_uri=${encodeURIComponent(redirectUri)}`,
      });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
      const config = await configFor(portal.code, portal.secret);
      const agent = new UserAgent(issuer);
      const { verifier, url } = await authorization(config);
      const landed = await signInAt(agent, platform, interactionUid((await agent.follow(url)).url));
      await expect(
        oidc.authorizationCodeGrant(config, landed.url, { pkceCodeVerifier: oidc.randomPKCECodeVerifier() }),
      ).rejects.toMatchObject({ error: 'invalid_grant' });
      const tokens = await oidc.authorizationCodeGrant(config, landed.url, { pkceCodeVerifier: verifier });
      // A code is single use: a second exchange fails, and the tokens of the first are revoked.
      await expect(
        oidc.authorizationCodeGrant(config, landed.url, { pkceCodeVerifier: verifier }),
      ).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
      const refusals = platform.logs.of('identity').filter((l) => l.entry.message === 'OpenID Connect request refused');
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals.every((l) => typeof l.entry.requestId === 'string')).toBe(true);
    });

    it('lets the system notice a state mismatch (its sign-in is not the one it started)', async () => {
      const config = await configFor(portal.code, portal.secret);
      const agent = new UserAgent(issuer);
      const { verifier, url } = await authorization(config, { scope: 'openid', state: 'the-state-sent' });
      const landed = await signInAt(agent, platform, interactionUid((await agent.follow(url)).url));
      expect(landed.url.searchParams.get('state')).toBe('the-state-sent');
      await expect(
        oidc.authorizationCodeGrant(config, landed.url, { pkceCodeVerifier: verifier, expectedState: 'another-state' }),
      ).rejects.toThrow('invalid response encountered');
    });

    it('refuses an expired code', async () => {
      const config = await configFor(portal.code, portal.secret);
      const agent = new UserAgent(issuer);
      const { verifier, url } = await authorization(config);
      const landed = await signInAt(agent, platform, interactionUid((await agent.follow(url)).url));
      await platform.identity.orm.em
        .fork()
        .execute(
          `update "identity"."oidc_record" set "expires_at" = now() - interval '1 second' where "model" = 'AuthorizationCode'`,
        );
      await expect(
        oidc.authorizationCodeGrant(config, landed.url, { pkceCodeVerifier: verifier }),
      ).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    });

    it('answers prompt=none without a session with login_required, to the registered redirect URI', async () => {
      const { url } = await authorize({
        client_id: portal.code,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid',
        prompt: 'none',
        state: 's1',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      });
      expect(url.href.startsWith(redirectUri)).toBe(true);
      expect(url.searchParams.get('error')).toBe('login_required');
      expect(url.searchParams.get('state')).toBe('s1');
    });
  });

  it('asks again with prompt=login and max_age=0 even with a live session, and signs in again in the same browser', async () => {
    const { config, agent, tokens: first } = await signInWithCode(portal.code, portal.secret);
    for (const extra of [{ prompt: 'login' }, { max_age: '0' }] as Record<string, string>[]) {
      const { verifier, url } = await authorization(config, {
        login_hint: demoCitizen.username,
        ui_locales: 'en zh-CN',
        ...extra,
      });
      const landed = await agent.follow(url);
      const uid = interactionUid(landed.url);
      const details = await agent.interaction(uid, 'details');
      expect(details.body).toMatchObject({
        prompt: 'login',
        loginHint: demoCitizen.username,
        uiLocales: ['en', 'zh-CN'],
      });
      // The new platform session takes the browser's provider session over from the earlier one.
      const back = await signInAt(agent, platform, uid);
      expect(back.url.href.startsWith(redirectUri) ? null : back.url.href).toBeNull();
      const tokens = await oidc.authorizationCodeGrant(config, back.url, { pkceCodeVerifier: verifier });
      expect(tokens.claims()?.sub).toBe(first.claims()?.sub);
      expect(tokens.claims()?.auth_time).toBeGreaterThanOrEqual(first.claims()?.auth_time as number);
    }
  });

  it('shows consent where the system requires it, and issues the code once the user agrees', async () => {
    await registerSystem(platform, {
      code: 'sso-consent',
      secret: portal.secret,
      redirectUris: [redirectUri],
      consentRequired: true,
    });
    const config = await configFor('sso-consent', portal.secret);
    const agent = new UserAgent(issuer);
    const { verifier, url } = await authorization(config, { scope: 'openid real_name' });
    const consent = await signInAt(agent, platform, interactionUid((await agent.follow(url)).url));
    const uid = interactionUid(consent.url);
    expect((await agent.interaction(uid, 'details')).body).toMatchObject({
      prompt: 'consent',
      system: { code: 'sso-consent' },
      scopes: ['openid', 'real_name'],
    });
    const agreed = await agent.interaction(uid, 'consent', {});
    const landed = await agent.follow(agreed.body.redirectTo as string);
    const tokens = await oidc.authorizationCodeGrant(config, landed.url, { pkceCodeVerifier: verifier });
    expect(tokens.scope).toContain('real_name');
  });

  it('never gives a system that requires real-name users a code for an unverified account (ID-3)', async () => {
    await newCitizen('unverified_li', '李四', demoPassword);
    await registerSystem(platform, {
      code: 'sso-real-name',
      secret: portal.secret,
      redirectUris: [redirectUri],
      requiresRealName: true,
    });
    const config = await configFor('sso-real-name', portal.secret);
    const agent = new UserAgent(issuer);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const uid = interactionUid((await agent.follow(url)).url);
    const login = await agent.interaction(uid, 'login', {
      method: 'password',
      username: 'unverified_li',
      password: demoPassword,
      ...(await solvedCaptcha(platform)),
    });
    expect(login.body).toMatchObject({ error: { code: 'SYSTEM_REQUIRES_REAL_NAME' } });
    expect(login.status).toBe(403);
    expect((login.body.error as { code: string }).code).toBe('SYSTEM_REQUIRES_REAL_NAME');
    const aborted = await agent.interaction(uid, 'abort', {});
    const back = await agent.follow(aborted.body.redirectTo as string);
    expect(back.url.href.startsWith(redirectUri)).toBe(true);
    expect(back.url.searchParams.get('error')).toBe('access_denied');
    expect(back.url.searchParams.get('code')).toBeNull();
  });

  it('ends the platform session and tells the other systems on RP-initiated logout', async () => {
    const first = await signInWithCode(portal.code, portal.secret);
    await registerSystem(platform, {
      code: 'sso-second',
      secret: portal.secret,
      redirectUris: [redirectUri],
      backchannelLogoutUri: receiverUrl,
    });
    const second = await signInWithCode('sso-second', portal.secret, first.agent);
    logoutTokens.length = 0;
    const end = oidc.buildEndSessionUrl(first.config, {
      id_token_hint: first.tokens.id_token as string,
      post_logout_redirect_uri: 'https://portal.example.test/',
    });
    const confirm = await first.agent.follow(end);
    expect(confirm.response.status).toBe(200);
    const form = await confirm.response.text();
    const action = /action="([^"]+)"/.exec(form)?.[1] as string;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1] as string;
    const done = await first.agent.follow(new URL(action, issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(done.url.href).toBe('https://portal.example.test/');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && logoutTokens.length < 2) await new Promise((r) => setTimeout(r, 100));
    const audiences = await Promise.all(
      logoutTokens.map(
        async (t) => (await jwtVerify(t, createRemoteJWKSet(new URL(`${issuer}/oidc/jwks`)), { issuer })).payload.aud,
      ),
    );
    expect(audiences.sort()).toEqual([portal.code, 'sso-second'].sort());
    // The platform session is over: the next authorization asks to sign in again.
    const again = await first.agent.follow(
      oidc.buildAuthorizationUrl(second.config, {
        redirect_uri: redirectUri,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      }),
    );
    expect(again.url.pathname).toMatch(/^\/oidc\/interaction\//);
  });

  it('serves the client-credentials token endpoint on the gateway origin too, and audits its tokens (ID-17)', async () => {
    await registerSystem(platform, {
      code: 'sso-lookup',
      secret: portal.secret,
      scopes: ['identity:verified-identity'],
    });
    const response = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'sso-lookup',
        client_secret: portal.secret,
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: 'Bearer', scope: 'identity:verified-identity' });
    const rows = await platform.identity.orm.em.fork().find(IssuedToken, { systemCode: 'sso-lookup' });
    expect(rows).toEqual([
      expect.objectContaining({ grantType: 'client_credentials', scopes: ['identity:verified-identity'] }),
    ]);
  });

  it('keeps nothing of a flow in one replica: a second identity replica redeems the code, answers userinfo and refreshes', async () => {
    const replica = await startSubgraph(identity, {
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: issuer, SEED_DEMO_DATA: 'false' }),
      databaseUrl: platform.databaseUrl,
      port: 0,
      log: createLogger({ service: 'identity-replica', level: 'silent' }),
    });
    try {
      const config = await configFor(portal.code, portal.secret);
      const agent = new UserAgent(issuer);
      const { verifier, url } = await authorization(config, { scope: 'openid profile' });
      const landed = await signInAt(agent, platform, interactionUid((await agent.follow(url)).url));
      const other = new URL(replica.url).origin;
      const basic = `Basic ${Buffer.from(`${portal.code}:${portal.secret}`).toString('base64')}`;
      const form = { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' };
      const exchanged = await fetch(`${other}/oidc/token`, {
        method: 'POST',
        headers: form,
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: landed.url.searchParams.get('code') as string,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }),
      });
      expect(exchanged.status).toBe(200);
      const tokens = (await exchanged.json()) as { access_token: string; refresh_token: string; id_token: string };
      // Issued by the replica, for the same issuer, with keys every replica publishes.
      await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(`${issuer}/oidc/jwks`)), {
        issuer,
        audience: portal.code,
      });
      const userinfo = await fetch(`${other}/oidc/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(await userinfo.json()).toMatchObject({ name: demoCitizen.displayName });
      const refreshed = await fetch(`${issuer}/oidc/token`, {
        method: 'POST',
        headers: form,
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
      });
      expect(refreshed.status).toBe(200);
    } finally {
      await replica.close();
    }
  });

  it('counts wrong passwords on the provider’s sign-in like the platform’s own, and locks the login (ID-10)', async () => {
    const who = { username: 'sso_guessed_qian', password: 'Qian-Password-2026' };
    await newCitizen(who.username, '钱七', who.password);
    const config = await configFor(portal.code, portal.secret);
    const agent = new UserAgent(issuer);
    const { url } = await authorization(config);
    const uid = interactionUid((await agent.follow(url)).url);
    const codes: string[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const answer = await agent.interaction(uid, 'login', {
        method: 'password',
        username: who.username,
        password: 'not-the-password',
        ...(await solvedCaptcha(platform)),
      });
      codes.push((answer.body.error as { code: string }).code);
    }
    expect(codes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'SIGN_IN_LOCKED']);
    const locked = await agent.interaction(uid, 'login', {
      method: 'password',
      ...who,
      ...(await solvedCaptcha(platform)),
    });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: { code: 'SIGN_IN_LOCKED' } });
  });

  it('signs staff in with the second factor, and says so in acr and amr (ID-18)', async () => {
    const config = await configFor(portal.code, portal.secret);
    const agent = new UserAgent(issuer);
    const { verifier, url } = await authorization(config);
    const uid = interactionUid((await agent.follow(url)).url);
    const staff = { method: 'password', username: demoStaff[0]?.username, password: demoPassword };
    const withoutCode = await agent.interaction(uid, 'login', { ...staff, ...(await solvedCaptcha(platform)) });
    expect(withoutCode.body).toMatchObject({ error: { code: 'TOTP_REQUIRED' } });
    expect(withoutCode.status).toBe(401);
    const login = await agent.interaction(uid, 'login', {
      ...staff,
      totpCode: authenticator.generate(demoTotpSecret),
      ...(await solvedCaptcha(platform)),
    });
    expect(login.status).toBe(200);
    const landed = await agent.follow(login.body.redirectTo as string);
    const tokens = await oidc.authorizationCodeGrant(config, landed.url, { pkceCodeVerifier: verifier });
    expect(tokens.claims()).toMatchObject({ amr: ['pwd', 'otp'], acr: 'urn:tessera:acr:password+otp' });
  });

  it('shows administrators the back-channel outbox: a system that cannot be reached stays pending with its error', async () => {
    await registerSystem(platform, {
      code: 'sso-unreachable',
      secret: portal.secret,
      redirectUris: [redirectUri],
      backchannelLogoutUri: 'http://127.0.0.1:9/backchannel-logout',
    });
    const { tokens } = await signInWithCode('sso-unreachable', portal.secret);
    await platform.identity.services.sessions.revokeAll(tokens.claims()?.sub as string, 'ended by administrator');
    const administrator = await platform.token({ subject: 'staff-admin', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const query = `query { backchannelLogouts(systemCode: "sso-unreachable") { id state attempts lastError reason } }`;
    let logouts: { id: string; state: string; attempts: number; lastError: string | null; reason: string }[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !logouts[0]?.lastError) {
      const answer = await graphql<{ backchannelLogouts: typeof logouts }>(platform.gateway.url, query, {
        token: administrator,
      });
      logouts = answer.body.data?.backchannelLogouts ?? [];
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(logouts[0]).toMatchObject({ state: 'PENDING', reason: 'ended by administrator' });
    expect(logouts[0]?.attempts).toBeGreaterThanOrEqual(1);
    expect(logouts[0]?.lastError).toEqual(expect.any(String));
    const retried = await graphql(
      platform.gateway.url,
      'mutation ($id: UUID!) { retryBackchannelLogout(id: $id) { state } }',
      {
        token: administrator,
        variables: { id: logouts[0]?.id },
      },
    );
    expect(retried.body.errors).toBeUndefined();
    const citizen = await graphql(platform.gateway.url, query, {
      token: await platform.token({ subject: 'someone', kind: 'citizen' }),
    });
    expect(citizen.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('audits every token response: who, which system, which scopes', async () => {
    const { tokens } = await signInWithCode(portal.code, portal.secret);
    const rows = await platform.identity.orm.em
      .fork()
      .find(
        IssuedToken,
        { systemCode: portal.code, userId: tokens.claims()?.sub as string },
        { orderBy: { issuedAt: 'desc' } },
      );
    expect(rows[0]).toMatchObject({
      grantType: 'authorization_code',
      tokens: expect.arrayContaining(['access_token', 'id_token']),
    });
    expect(rows[0]?.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'real_name', 'phone']));
  });
});
