import { randomUUID } from 'node:crypto';
import { type PrincipalKind, type StaffRole, signingAlgorithm } from '@tessera/kit';
import { type JSONWebKeySet, SignJWT } from 'jose';
import type { SigningKeys } from './signing-keys';

export interface TokenRequest {
  subject: string;
  kind: PrincipalKind;
  roles?: StaffRole[];
  scopes?: string[];
  sessionId?: string;
  /** A citizen whose identity the bank confirmed (ID-3): the `rnv` claim other services rely on. */
  realNameVerified?: boolean;
  /** Lifetime in seconds; at most the default (retiring keys stay published that long). */
  ttl?: number;
  /** The token expires by then at the latest (the end of its session). */
  notAfter?: Date;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  /** Default and longest access-token lifetime in seconds. */
  accessTokenTtl: number;
}

/** Signs access tokens with the signing key held in memory, and publishes the key set. */
export class TokenIssuer {
  constructor(
    readonly keys: SigningKeys,
    private readonly settings: TokenSettings,
  ) {}

  async issue(request: TokenRequest): Promise<string> {
    const ttl = request.ttl ?? this.settings.accessTokenTtl;
    if (ttl > this.settings.accessTokenTtl) {
      throw new Error(`token lifetime ${ttl} s exceeds ${this.settings.accessTokenTtl} s`);
    }
    const signer = await this.keys.signer();
    const issuedAt = Math.floor(Date.now() / 1000);
    const notAfter = request.notAfter ? Math.floor(request.notAfter.getTime() / 1000) : Number.POSITIVE_INFINITY;
    return new SignJWT({
      kind: request.kind,
      ...(request.roles?.length ? { roles: request.roles } : {}),
      ...(request.scopes?.length ? { scope: request.scopes.join(' ') } : {}),
      ...(request.sessionId ? { sid: request.sessionId } : {}),
      ...(request.realNameVerified ? { rnv: true } : {}),
    })
      .setProtectedHeader({ alg: signingAlgorithm, kid: signer.kid, typ: 'at+jwt' })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(request.subject)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.min(issuedAt + ttl, notAfter))
      .sign(signer.key);
  }

  /** The public keys that verify tokens (next, active and retiring keys). */
  keySet(): Promise<JSONWebKeySet> {
    return this.keys.keySet();
  }
}
