import type { GraphQLError } from 'graphql';
import { type ClientSettingsInput, checkClientSettings, defaultClientSettings } from './client-settings';

const development = { httpsOnly: false };
const production = { httpsOnly: true };
const sso = ['openid', 'profile'];
const publicKey = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};

/** The code and field of the error a setting raises, or undefined when it is accepted. */
function refusal(
  changes: Partial<ClientSettingsInput>,
  { scopes = sso, policy = development } = {},
): { code: unknown; field: unknown } | undefined {
  try {
    checkClientSettings(scopes, { ...defaultClientSettings, ...changes }, policy);
    return undefined;
  } catch (error) {
    const { code, field } = (error as GraphQLError).extensions;
    return { code, field };
  }
}

describe('business systems’ sign-in settings (ID-17, single sign-on)', () => {
  it('accepts the defaults, and exact http addresses outside production', () => {
    expect(refusal({})).toBeUndefined();
    expect(refusal({}, { scopes: [] })).toBeUndefined();
    const checked = checkClientSettings(
      ['openid', 'openid', 'identity:verified-identity'],
      {
        ...defaultClientSettings,
        redirectUris: [' http://127.0.0.1:4020/callback ', 'http://127.0.0.1:4020/callback', ''],
        postLogoutRedirectUris: ['http://127.0.0.1:4020/'],
        backchannelLogoutUri: '  ',
      },
      development,
    );
    expect(checked.scopes).toEqual(['openid', 'identity:verified-identity']);
    expect(checked.settings).toMatchObject({
      redirectUris: ['http://127.0.0.1:4020/callback'],
      postLogoutRedirectUris: ['http://127.0.0.1:4020/'],
      backchannelLogoutUri: null,
    });
  });

  it('refuses addresses that are not absolute http(s) URLs, or carry a fragment, a wildcard or user info', () => {
    const bad = [
      '/callback',
      'callback',
      'example.org/callback',
      'ftp://example.org/callback',
      'javascript:alert(1)',
      'com.example.app:/callback',
      'https://example.org/callback#done',
      'https://example.org/callback#',
      'https://*.example.org/callback',
      'https://example.org/*',
      'https://user:pass@example.org/callback',
      'https://user@example.org/callback',
      'https://@example.org/callback',
      'https://example.org/call back',
      'http://',
    ];
    for (const field of ['redirectUris', 'postLogoutRedirectUris'] as const) {
      for (const uri of bad) {
        expect([uri, refusal({ [field]: [uri] })]).toEqual([uri, { code: 'APPLICATION_SYSTEM_URI_INVALID', field }]);
      }
    }
    for (const uri of bad) {
      expect([uri, refusal({ backchannelLogoutUri: uri })]).toEqual([
        uri,
        { code: 'APPLICATION_SYSTEM_URI_INVALID', field: 'backchannelLogoutUri' },
      ]);
    }
  });

  it('asks https of every address in production only', () => {
    const http = 'http://portal.example.org/callback';
    for (const field of ['redirectUris', 'postLogoutRedirectUris'] as const) {
      expect(refusal({ [field]: [http] }, { policy: production })).toEqual({
        code: 'APPLICATION_SYSTEM_HTTPS_REQUIRED',
        field,
      });
      expect(refusal({ [field]: [http] })).toBeUndefined();
      expect(refusal({ [field]: ['https://portal.example.org/callback'] }, { policy: production })).toBeUndefined();
    }
    expect(refusal({ backchannelLogoutUri: http }, { policy: production })).toEqual({
      code: 'APPLICATION_SYSTEM_HTTPS_REQUIRED',
      field: 'backchannelLogoutUri',
    });
    expect(
      refusal(
        { tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'http://portal.example.org/jwks' },
        { policy: production },
      ),
    ).toEqual({ code: 'APPLICATION_SYSTEM_HTTPS_REQUIRED', field: 'jwksUri' });
  });

  it('takes at most ten addresses of each kind', () => {
    const uris = (n: number) => Array.from({ length: n }, (_, i) => `https://portal.example.org/callback/${i}`);
    for (const field of ['redirectUris', 'postLogoutRedirectUris'] as const) {
      expect(refusal({ [field]: uris(10) })).toBeUndefined();
      expect(refusal({ [field]: uris(11) })).toEqual({ code: 'APPLICATION_SYSTEM_TOO_MANY_URIS', field });
    }
  });

  it('grants only known scopes, and openid to every system users sign in to', () => {
    for (const scope of ['everything', 'email', 'identity:*', 'OPENID', '']) {
      expect(refusal({}, { scopes: ['openid', scope] })).toEqual({
        code: 'APPLICATION_SYSTEM_INVALID',
        field: 'scopes',
      });
    }
    const grantable = [
      'identity:verified-identity',
      'signature:verify',
      'openid',
      'profile',
      'real_name',
      'phone',
      'offline_access',
    ];
    expect(refusal({}, { scopes: grantable })).toBeUndefined();
    const redirectUris = ['https://portal.example.org/callback'];
    expect(refusal({ redirectUris }, { scopes: ['profile', 'real_name'] })).toEqual({
      code: 'APPLICATION_SYSTEM_OPENID_REQUIRED',
      field: 'scopes',
    });
    expect(refusal({ redirectUris }, { scopes: ['openid'] })).toBeUndefined();
  });

  it('takes exactly one of a key URL or a public key set with private_key_jwt, and keys with no other method', () => {
    const method = 'private_key_jwt' as const;
    const jwks = JSON.stringify({ keys: [publicKey] });
    const jwksUri = 'https://portal.example.org/jwks';
    expect(refusal({ tokenEndpointAuthMethod: method, jwks })).toBeUndefined();
    expect(refusal({ tokenEndpointAuthMethod: method, jwksUri })).toBeUndefined();
    expect(refusal({ tokenEndpointAuthMethod: method })).toEqual({
      code: 'APPLICATION_SYSTEM_KEYS_REQUIRED',
      field: 'jwksUri',
    });
    expect(refusal({ tokenEndpointAuthMethod: method, jwks, jwksUri })).toEqual({
      code: 'APPLICATION_SYSTEM_KEYS_REQUIRED',
      field: 'jwks',
    });
    for (const other of ['client_secret_basic', 'client_secret_post', 'none'] as const) {
      expect(refusal({ tokenEndpointAuthMethod: other, jwksUri })).toEqual({
        code: 'APPLICATION_SYSTEM_KEYS_REQUIRED',
        field: 'jwksUri',
      });
      expect(refusal({ tokenEndpointAuthMethod: other, jwks })).toEqual({
        code: 'APPLICATION_SYSTEM_KEYS_REQUIRED',
        field: 'jwks',
      });
    }
    expect(refusal({ tokenEndpointAuthMethod: 'magic' as never })).toEqual({
      code: 'APPLICATION_SYSTEM_INVALID',
      field: 'tokenEndpointAuthMethod',
    });
  });

  it('refuses key sets that are not JSON objects with a keys array of public keys', () => {
    const bad = [
      'not json',
      '[]',
      'null',
      '"keys"',
      '{}',
      '{"keys": {}}',
      '{"keys": []}',
      '{"keys": ["a"]}',
      '{"keys": [null]}',
      JSON.stringify({ keys: [{ ...publicKey, kty: undefined }] }),
      JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }),
      JSON.stringify({ keys: [{ ...publicKey, d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI' }] }),
      ...['p', 'q', 'dp', 'dq', 'qi', 'oth'].map((member) =>
        JSON.stringify({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', [member]: 'AQAB' }] }),
      ),
    ];
    for (const jwks of bad) {
      expect([jwks, refusal({ tokenEndpointAuthMethod: 'private_key_jwt', jwks })]).toEqual([
        jwks,
        { code: 'APPLICATION_SYSTEM_KEYS_INVALID', field: 'jwks' },
      ]);
    }
  });

  it('asks every sign-in address on one host for a per-system user identifier', () => {
    const oneHost = ['https://portal.example.org/a', 'https://portal.example.org:8443/b'];
    expect(refusal({ pairwiseSubject: true, redirectUris: oneHost })).toBeUndefined();
    const twoHosts = ['https://portal.example.org/a', 'https://other.example.org/a'];
    expect(refusal({ pairwiseSubject: true, redirectUris: twoHosts })).toEqual({
      code: 'APPLICATION_SYSTEM_PAIRWISE_HOSTS',
      field: 'redirectUris',
    });
    expect(refusal({ pairwiseSubject: false, redirectUris: twoHosts })).toBeUndefined();
  });

  it('keeps lifetimes within their ranges and names the lifetime that is not', () => {
    const cases = {
      accessTokenTtlSeconds: { good: [60, 3600], bad: [59, 3601, 0, -1, 600.5, Number.NaN] },
      idTokenTtlSeconds: { good: [60, 3600], bad: [59, 3601, 0, 1.5] },
      refreshTokenTtlSeconds: { good: [0, 30 * 24 * 3600], bad: [-1, 30 * 24 * 3600 + 1, 0.5] },
    };
    for (const [field, { good, bad }] of Object.entries(cases)) {
      for (const value of good) expect(refusal({ [field]: value })).toBeUndefined();
      for (const value of bad) {
        expect([value, refusal({ [field]: value })]).toEqual([
          value,
          { code: 'APPLICATION_SYSTEM_TTL_OUT_OF_RANGE', field },
        ]);
      }
    }
  });
});
