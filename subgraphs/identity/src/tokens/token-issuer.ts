import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type PrincipalKind, type StaffRole, signingAlgorithm } from '@tessera/kit';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type KeyLike, SignJWT } from 'jose';
import { SigningKey } from './signing-key.entity';

export interface TokenRequest {
  subject: string;
  kind: PrincipalKind;
  roles?: StaffRole[];
  scopes?: string[];
  sessionId?: string;
  /** A citizen whose identity the bank confirmed (ID-3): the `rnv` claim other services rely on. */
  realNameVerified?: boolean;
  /** Lifetime in seconds. */
  ttl?: number;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  /** Default access-token lifetime in seconds. */
  accessTokenTtl: number;
}

/** Signs access tokens with the active key and publishes the key set. */
export class TokenIssuer {
  private active?: { kid: string; key: KeyLike | Uint8Array };
  private published?: { at: number; keys: Promise<JSONWebKeySet> };

  constructor(
    private readonly em: EntityManager,
    private readonly settings: TokenSettings,
  ) {}

  /** Makes a signing key on first start; later starts reuse the newest unretired one. */
  async ensureKey(): Promise<void> {
    const em = this.em.fork();
    let key = await em.findOne(
      SigningKey,
      { retiredAt: null },
      { orderBy: { createdAt: 'desc' }, populate: ['privateJwk'] },
    );
    if (!key) {
      const pair = await generateKeyPair(signingAlgorithm, { extractable: true });
      const kid = randomUUID();
      key = em.create(SigningKey, {
        kid,
        algorithm: signingAlgorithm,
        publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: signingAlgorithm, use: 'sig' },
        privateJwk: await exportJWK(pair.privateKey),
      });
      await em.flush();
    }
    this.active = { kid: key.kid, key: await importJWK(key.privateJwk, signingAlgorithm) };
  }

  async issue(request: TokenRequest): Promise<string> {
    if (!this.active) await this.ensureKey();
    const active = this.active as NonNullable<typeof this.active>;
    return new SignJWT({
      kind: request.kind,
      ...(request.roles?.length ? { roles: request.roles } : {}),
      ...(request.scopes?.length ? { scope: request.scopes.join(' ') } : {}),
      ...(request.sessionId ? { sid: request.sessionId } : {}),
      ...(request.realNameVerified ? { rnv: true } : {}),
    })
      .setProtectedHeader({ alg: signingAlgorithm, kid: active.kid, typ: 'at+jwt' })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(request.subject)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${request.ttl ?? this.settings.accessTokenTtl}s`)
      .sign(active.key);
  }

  /**
   * The public keys that verify tokens: all unretired keys, plus retired ones still within a
   * token lifetime. Read at most once a minute: it is asked for on every request identity serves.
   */
  keySet(): Promise<JSONWebKeySet> {
    if (!this.published || Date.now() - this.published.at > 60_000) {
      this.published = { at: Date.now(), keys: this.loadKeySet() };
      this.published.keys.catch(() => {
        this.published = undefined;
      });
    }
    return this.published.keys;
  }

  private async loadKeySet(): Promise<JSONWebKeySet> {
    const since = new Date(Date.now() - this.settings.accessTokenTtl * 1000);
    const keys = await this.em.fork().find(SigningKey, { $or: [{ retiredAt: null }, { retiredAt: { $gt: since } }] });
    return { keys: keys.map((k) => k.publicJwk) };
  }
}
