import { type JWTVerifyGetKey, jwtVerify } from 'jose';

/** The event a logout token carries (OIDC Back-Channel Logout 1.0, section 2.4). */
export const backchannelLogoutEvent = 'http://schemas.openid.net/event/backchannel-logout';

/** Whom a verified logout token signs out: a session at the provider (`sid`), a user (`sub`), or both. */
export interface Logout {
  sub?: string;
  sid?: string;
}

/** A logout token this business system does not accept; the endpoint answers 400 with the reason. */
export class LogoutTokenRejected extends Error {
  override readonly name = 'LogoutTokenRejected';
}

export interface LogoutTokenChecks {
  /** The provider's issuer identifier, exactly as discovery gives it. */
  issuer: string;
  /** This business system's client id. */
  audience: string;
  /** The provider's signing keys (`createRemoteJWKSet` over its `jwks_uri`). */
  keys: JWTVerifyGetKey;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Verifies a logout token as OIDC Back-Channel Logout 1.0 (section 2.6) asks: the signature against the
 * provider's keys, `iss`, `aud`, `iat`, an explicit type if one is given, the back-channel logout event,
 * `sid` or `sub`, and no `nonce` (so an ID token can never pass for a logout token).
 */
export async function verifyLogoutToken(token: unknown, checks: LogoutTokenChecks): Promise<Logout> {
  if (typeof token !== 'string' || token === '') throw new LogoutTokenRejected('logout_token is missing');
  const { payload, protectedHeader } = await jwtVerify(token, checks.keys, {
    issuer: checks.issuer,
    audience: checks.audience,
    requiredClaims: ['iat'],
  }).catch((error: unknown) => {
    throw new LogoutTokenRejected(error instanceof Error ? error.message : String(error));
  });
  if (protectedHeader.typ !== undefined && !/^(application\/)?logout\+jwt$/i.test(protectedHeader.typ)) {
    throw new LogoutTokenRejected(`a logout token's typ is logout+jwt, not ${protectedHeader.typ}`);
  }
  if (!isObject(payload.events) || !isObject(payload.events[backchannelLogoutEvent])) {
    throw new LogoutTokenRejected(`the events claim lacks ${backchannelLogoutEvent}`);
  }
  if ('nonce' in payload) throw new LogoutTokenRejected('a logout token carries no nonce');
  const logout = { sub: nonEmpty(payload.sub), sid: nonEmpty(payload.sid) };
  if (!logout.sub && !logout.sid) throw new LogoutTokenRejected('a logout token names a sid, a sub or both');
  return logout;
}

/**
 * Whether `logout` ends a local session signed in as `session`: with a `sid`, the sessions of that
 * provider session only (of that user too, when `sub` is given); with only a `sub`, all of the user's.
 */
export function endsSession(logout: Logout, session: { sub: string; sid?: string }): boolean {
  if (logout.sid) return session.sid === logout.sid && (!logout.sub || session.sub === logout.sub);
  return session.sub === logout.sub;
}
