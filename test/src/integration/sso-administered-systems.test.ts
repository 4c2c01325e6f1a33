import { exportJWK } from 'jose';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';
import { interactionUid, signInAt, UserAgent } from '../harness/sso';

type OpenIdClient = typeof import('openid-client');

let platform: TestPlatform;
let oidc: OpenIdClient;
let issuer: string;
let adminToken: string;

beforeAll(async () => {
  oidc = await import('openid-client');
  platform = await startTestPlatform();
  issuer = new URL(platform.gateway.url).origin;
  adminToken = await platform.token({ subject: 'sso-administrator', kind: 'staff', roles: ['ADMINISTRATOR'] });
});

afterAll(async () => {
  await platform?.stop();
});

async function admin<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const { body } = await graphql<T>(platform.gateway.url, query, { variables, token: adminToken });
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

const register = `mutation($input: ApplicationSystemInput!) {
  registerApplicationSystem(input: $input) { clientSecret system { code } }
}`;
const update = `mutation($code: String!, $input: ApplicationSystemUpdateInput!) {
  updateApplicationSystem(code: $code, input: $input) { code redirectUris }
}`;

/** Where the provider sends a browser asking to sign in to `clientId` with `redirectUri`. */
async function authorize(clientId: string, redirectUri: string, challenge: string) {
  const url = new URL(`${issuer}/oidc/auth`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-1',
  }).toString();
  const agent = new UserAgent(issuer);
  return { agent, ...(await agent.follow(url, { headers: { accept: 'text/html' } })) };
}

describe('business systems administered in the graph sign users in with their current settings (ID-17, issue 12)', () => {
  it('a public client registered through the graph gets no secret and signs the citizen in with PKCE alone', async () => {
    const redirectUri = 'http://127.0.0.1:4070/callback';
    const { registerApplicationSystem } = await admin<{ registerApplicationSystem: { clientSecret: string | null } }>(
      register,
      {
        input: {
          code: 'graph-mobile',
          name: '掌上社保',
          owner: '信息中心',
          scopes: ['openid', 'profile'],
          redirectUris: [redirectUri],
          tokenEndpointAuthMethod: 'NONE',
          consentRequired: false,
        },
      },
    );
    expect(registerApplicationSystem.clientSecret).toBeNull();

    const config = await oidc.discovery(new URL(issuer), 'graph-mobile', undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const { agent, url } = await authorize(
      'graph-mobile',
      redirectUri,
      await oidc.calculatePKCECodeChallenge(verifier),
    );
    const landed = await signInAt(agent, platform, interactionUid(url));
    expect(landed.url.href.startsWith(redirectUri)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(config, landed.url, {
      pkceCodeVerifier: verifier,
      expectedState: 'state-1',
    });
    expect(tokens.claims()?.aud).toBe('graph-mobile');
  });

  it('a changed return address takes effect at once: the old one is refused, the new one accepted', async () => {
    const before = 'http://127.0.0.1:4071/callback';
    const after = 'http://127.0.0.1:4071/signed-in';
    await admin(register, {
      input: {
        code: 'graph-portal',
        name: '门户',
        owner: '办公室',
        scopes: ['openid', 'profile'],
        redirectUris: [before],
        consentRequired: false,
      },
    });
    const challenge = await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier());
    expect((await authorize('graph-portal', before, challenge)).url.pathname).toMatch(/^\/oidc\/interaction\//);

    await admin(update, { code: 'graph-portal', input: { redirectUris: [after] } });
    const refused = await authorize('graph-portal', before, challenge);
    expect(refused.url.origin).toBe(issuer);
    expect(refused.response.status).toBe(400);
    expect((await authorize('graph-portal', after, challenge)).url.pathname).toMatch(/^\/oidc\/interaction\//);
  });

  it('a private_key_jwt system with the public key set the graph accepted is a client the provider accepts', async () => {
    const { publicKey, privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', use: 'sig', alg: 'ES256' }] });
    const redirectUri = 'http://127.0.0.1:4072/callback';
    await admin(register, {
      input: {
        code: 'graph-signed',
        name: '签名客户端',
        owner: '信息中心',
        scopes: ['openid', 'profile'],
        redirectUris: [redirectUri],
        tokenEndpointAuthMethod: 'PRIVATE_KEY_JWT',
        jwks,
        consentRequired: false,
      },
    });
    const config = await oidc.discovery(
      new URL(issuer),
      'graph-signed',
      undefined,
      oidc.PrivateKeyJwt({ key: privateKey, kid: 'k1' }),
      { execute: [oidc.allowInsecureRequests] },
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const { agent, url } = await authorize(
      'graph-signed',
      redirectUri,
      await oidc.calculatePKCECodeChallenge(verifier),
    );
    const landed = await signInAt(agent, platform, interactionUid(url));
    const tokens = await oidc.authorizationCodeGrant(config, landed.url, {
      pkceCodeVerifier: verifier,
      expectedState: 'state-1',
    });
    expect(tokens.claims()?.aud).toBe('graph-signed');
  });
});
