import { identityError } from '../errors';
import { type ApplicationSystem, type ClientAuthMethod, clientAuthMethods } from './application-system.entity';
import { grantableScopes } from './system-scopes';

/** A JWK set of public keys, as a `private_key_jwt` client registers it. */
export interface PublicKeySet {
  keys: Record<string, unknown>[];
}

/** A business system's OpenID Connect client settings (single sign-on), checked. */
export interface ClientSettings {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  tokenEndpointAuthMethod: ClientAuthMethod;
  jwksUri: string | null;
  jwks: PublicKeySet | null;
  requiresRealName: boolean;
  consentRequired: boolean;
  pairwiseSubject: boolean;
  accessTokenTtlSeconds: number;
  idTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

/** The settings as an administrator gives them: the key set as the JSON text they pasted. */
export type ClientSettingsInput = Omit<ClientSettings, 'jwks'> & { jwks: string | PublicKeySet | null };

type ClientSettingName = keyof ClientSettings;

/** The settings of a system registered without any. */
export const defaultClientSettings: ClientSettings = {
  redirectUris: [],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  tokenEndpointAuthMethod: 'client_secret_basic',
  jwksUri: null,
  jwks: null,
  requiresRealName: false,
  consentRequired: true,
  pairwiseSubject: false,
  accessTokenTtlSeconds: 600,
  idTokenTtlSeconds: 600,
  refreshTokenTtlSeconds: 8 * 3600,
};

/** How many addresses of each kind a system may register. */
export const maxUrisPerKind = 10;

/** The lifetimes an administrator may choose, in seconds (a refresh lifetime of 0: no refresh tokens). */
export const ttlRanges = {
  accessTokenTtlSeconds: { min: 60, max: 3600 },
  idTokenTtlSeconds: { min: 60, max: 3600 },
  refreshTokenTtlSeconds: { min: 0, max: 30 * 24 * 3600 },
} as const;

/** JWK members that only a private (or symmetric) key has. */
const privateKeyMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const publicKeyTypes = ['RSA', 'EC', 'OKP'];

export interface ClientSettingsPolicy {
  /** Production: every address the platform calls or sends browsers to uses https. */
  httpsOnly: boolean;
}

export function settingsOf(system: ApplicationSystem): ClientSettings {
  return {
    redirectUris: system.redirectUris,
    postLogoutRedirectUris: system.postLogoutRedirectUris,
    backchannelLogoutUri: system.backchannelLogoutUri ?? null,
    tokenEndpointAuthMethod: system.tokenEndpointAuthMethod,
    jwksUri: system.jwksUri ?? null,
    jwks: system.jwks ?? null,
    requiresRealName: system.requiresRealName,
    consentRequired: system.consentRequired,
    pairwiseSubject: system.pairwiseSubject,
    accessTokenTtlSeconds: system.accessTokenTtlSeconds,
    idTokenTtlSeconds: system.idTokenTtlSeconds,
    refreshTokenTtlSeconds: system.refreshTokenTtlSeconds,
  };
}

/**
 * Checks a system's scopes and client settings together (ID-17, single sign-on) and answers them
 * normalised; the first broken rule is thrown with the input field it concerns (`field`).
 */
export function checkClientSettings(
  scopes: string[],
  input: ClientSettingsInput,
  policy: ClientSettingsPolicy,
): { scopes: string[]; settings: ClientSettings } {
  const unknown = scopes.find((s) => !grantableScopes.includes(s));
  if (unknown !== undefined) throw identityError('APPLICATION_SYSTEM_INVALID', { field: 'scopes', scope: unknown });
  const redirectUris = uriList('redirectUris', input.redirectUris, policy);
  const postLogoutRedirectUris = uriList('postLogoutRedirectUris', input.postLogoutRedirectUris, policy);
  const backchannelLogoutUri = optionalUri('backchannelLogoutUri', input.backchannelLogoutUri, policy);
  if (redirectUris.length > 0 && !scopes.includes('openid')) {
    throw identityError('APPLICATION_SYSTEM_OPENID_REQUIRED', { field: 'scopes' });
  }
  const method = input.tokenEndpointAuthMethod;
  if (!clientAuthMethods.includes(method)) {
    throw identityError('APPLICATION_SYSTEM_INVALID', { field: 'tokenEndpointAuthMethod' });
  }
  const jwksUri = optionalUri('jwksUri', input.jwksUri, policy);
  const jwks = keySet(input.jwks);
  if (method === 'private_key_jwt' ? !jwksUri === !jwks : jwksUri || jwks) {
    throw identityError('APPLICATION_SYSTEM_KEYS_REQUIRED', { field: jwks ? 'jwks' : 'jwksUri' });
  }
  if (input.pairwiseSubject && new Set(redirectUris.map((u) => new URL(u).hostname)).size > 1) {
    throw identityError('APPLICATION_SYSTEM_PAIRWISE_HOSTS', { field: 'redirectUris' });
  }
  for (const [field, { min, max }] of Object.entries(ttlRanges)) {
    const value = input[field as keyof typeof ttlRanges];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw identityError('APPLICATION_SYSTEM_TTL_OUT_OF_RANGE', { field, min, max });
    }
  }
  return {
    scopes: [...new Set(scopes)],
    settings: {
      redirectUris,
      postLogoutRedirectUris,
      backchannelLogoutUri,
      tokenEndpointAuthMethod: method,
      jwksUri,
      jwks,
      requiresRealName: input.requiresRealName,
      consentRequired: input.consentRequired,
      pairwiseSubject: input.pairwiseSubject,
      accessTokenTtlSeconds: input.accessTokenTtlSeconds,
      idTokenTtlSeconds: input.idTokenTtlSeconds,
      refreshTokenTtlSeconds: input.refreshTokenTtlSeconds,
    },
  };
}

function uriList(field: ClientSettingName, uris: string[], policy: ClientSettingsPolicy): string[] {
  const checked = [...new Set(uris.map((u) => u.trim()).filter(Boolean))].map((u) => uri(field, u, policy));
  if (checked.length > maxUrisPerKind) {
    throw identityError('APPLICATION_SYSTEM_TOO_MANY_URIS', { field, max: maxUrisPerKind });
  }
  return checked;
}

function optionalUri(field: ClientSettingName, value: string | null, policy: ClientSettingsPolicy): string | null {
  const trimmed = value?.trim();
  return trimmed ? uri(field, trimmed, policy) : null;
}

/** An absolute http(s) URL the platform compares exactly: no fragment, wildcard or user info. */
function uri(field: ClientSettingName, value: string, policy: ClientSettingsPolicy): string {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (
    !url ||
    !['http:', 'https:'].includes(url.protocol) ||
    !url.hostname ||
    /[#*\s]/.test(value) ||
    url.username ||
    url.password ||
    /^[a-z]+:\/\/[^/?]*@/i.test(value)
  ) {
    throw identityError('APPLICATION_SYSTEM_URI_INVALID', { field, uri: value });
  }
  if (policy.httpsOnly && url.protocol !== 'https:') {
    throw identityError('APPLICATION_SYSTEM_HTTPS_REQUIRED', { field, uri: value });
  }
  return value;
}

/** A JWK set of public keys only, from its JSON text; blank: none. */
function keySet(input: string | PublicKeySet | null): PublicKeySet | null {
  if (input === null || (typeof input === 'string' && !input.trim())) return null;
  const invalid = () => identityError('APPLICATION_SYSTEM_KEYS_INVALID', { field: 'jwks' });
  let parsed: unknown;
  try {
    parsed = typeof input === 'string' ? JSON.parse(input) : input;
  } catch {
    throw invalid();
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (typeof parsed !== 'object' || Array.isArray(parsed) || !Array.isArray(keys) || keys.length === 0) throw invalid();
  for (const key of keys as unknown[]) {
    if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
    const jwk = key as Record<string, unknown>;
    if (!publicKeyTypes.includes(jwk.kty as string) || privateKeyMembers.some((m) => m in jwk)) throw invalid();
  }
  return { keys: keys as Record<string, unknown>[] };
}
