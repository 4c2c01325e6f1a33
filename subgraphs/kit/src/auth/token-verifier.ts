import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { DomainError } from '../errors/domain-error';
import { type PrincipalKind, principalKinds, type StaffRole, staffRoles } from './roles';
import type { SessionRevocations } from './session-revocations';
import { type AuthenticatedViewer, anonymous, type Viewer } from './viewer';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** The JWKS URL of the identity subgraph, or a key set held in memory (the issuer itself, tests). */
  keys: URL | JSONWebKeySet | (() => Promise<JSONWebKeySet>);
  /** Ended sessions: a token of one is refused with SESSION_ENDED before it expires. */
  revocations?: SessionRevocations;
  /**
   * How long a fetched JWKS is used (AUTH_JWKS_CACHE_SECONDS): identity publishes a new signing key
   * at least this long before it signs with it. A token naming an unknown key fetches the set again
   * at once (at most once per cooldown).
   */
  jwksCacheMs?: number;
}

/** Default of AUTH_JWKS_CACHE_SECONDS, in ms. */
export const defaultJwksCacheMs = 300_000;

/** Claims Tessera puts in an access token beyond the registered ones. */
export interface TesseraClaims extends JWTPayload {
  kind: PrincipalKind;
  roles?: string[];
  scope?: string;
  sid?: string;
  /** Real-name verified citizen (ID-3). */
  rnv?: boolean;
}

export const signingAlgorithm = 'ES256';

/** Tokens whose verification a verifier remembers (the oldest forgotten first). */
const maxRemembered = 10_000;

/** A token that verified: what it said, and the key it verified with. */
interface Verified {
  viewer: AuthenticatedViewer;
  /** Seconds since the epoch, as the token's `exp`. */
  expiresAt: number;
  key: unknown;
}

/**
 * Verifies bearer access tokens (signature against the identity subgraph's JWKS, issuer,
 * audience, expiry, and that their session has not ended) and turns their claims into a Viewer.
 * Every subgraph verifies on its own: a request that reaches a subgraph directly is held to the
 * same rules as one via the gateway.
 */
export class TokenVerifier {
  private readonly getKey: Parameters<typeof jwtVerify>[1];
  private readonly verified = new Map<string, Verified>();

  constructor(private readonly options: TokenVerifierOptions) {
    const { keys } = options;
    if (keys instanceof URL) {
      const cacheMaxAge = options.jwksCacheMs ?? defaultJwksCacheMs;
      this.getKey = createRemoteJWKSet(keys, { cooldownDuration: Math.min(5_000, cacheMaxAge), cacheMaxAge });
    } else if (typeof keys === 'function') {
      // The issuer hands back the same key-set object until its keys change: build the lookup once per set.
      const lookups = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();
      this.getKey = async (header, token) => {
        const set = await keys();
        let lookup = lookups.get(set);
        if (!lookup) {
          lookup = createLocalJWKSet(set);
          lookups.set(set, lookup);
        }
        return lookup(header, token);
      };
    } else {
      this.getKey = createLocalJWKSet(keys);
    }
  }

  /** The viewer of an `Authorization` header value; no header means anonymous. */
  async viewerOf(authorization: string | undefined): Promise<Viewer> {
    if (!authorization) return anonymous;
    const match = /^Bearer\s+([A-Za-z0-9_.-]+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw DomainError.ofRequest('INVALID_TOKEN');
    return this.verify(match[1]);
  }

  /**
   * The viewer of a token. A token's signature is checked once: a token seen again is answered from
   * memory while it has not expired and the key it verified with is still the one its header names
   * in the verifier's current key set (a key withdrawn or replaced there refuses it as before); its
   * session is checked against the ended ones on every use.
   */
  async verify(token: string): Promise<Viewer> {
    const viewer = (await this.remembered(token)) ?? (await this.verifySignature(token));
    if (viewer.sessionId && (await this.options.revocations?.isRevoked(viewer.sessionId))) {
      throw DomainError.ofRequest('SESSION_ENDED');
    }
    return viewer;
  }

  private async remembered(token: string): Promise<AuthenticatedViewer | undefined> {
    const found = this.verified.get(token);
    if (!found) return undefined;
    if (found.expiresAt <= Math.floor(Date.now() / 1000) || (await this.keyOf(token)) !== found.key) {
      this.verified.delete(token);
      return undefined;
    }
    return found.viewer;
  }

  /** The key the verifier would check `token` with now, or undefined when it has none. */
  private async keyOf(token: string): Promise<unknown> {
    const [header, payload, signature] = token.split('.');
    try {
      return await (this.getKey as (h: unknown, t: unknown) => Promise<unknown>)(decodeProtectedHeader(token), {
        protected: header,
        payload,
        signature,
      });
    } catch {
      return undefined;
    }
  }

  private async verifySignature(token: string): Promise<AuthenticatedViewer> {
    let payload: TesseraClaims;
    let key: unknown;
    try {
      ({ payload, key } = await jwtVerify<TesseraClaims>(token, this.getKey, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [signingAlgorithm],
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) {
        throw DomainError.ofRequest('INVALID_TOKEN');
      }
      throw DomainError.ofRequest('SERVICE_UNAVAILABLE');
    }
    if (!principalKinds.includes(payload.kind) || !payload.sub) throw DomainError.ofRequest('INVALID_TOKEN');
    const roles = (payload.roles ?? []).filter((r): r is StaffRole => (staffRoles as readonly string[]).includes(r));
    const viewer: AuthenticatedViewer = {
      kind: payload.kind,
      subject: payload.sub,
      roles: new Set(payload.kind === 'staff' ? roles : []),
      scopes: new Set((payload.scope ?? '').split(' ').filter(Boolean)),
      sessionId: payload.sid,
      realNameVerified: payload.kind === 'citizen' && payload.rnv === true,
    };
    if (this.verified.size >= maxRemembered) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { viewer, expiresAt: payload.exp as number, key });
    return viewer;
  }
}
