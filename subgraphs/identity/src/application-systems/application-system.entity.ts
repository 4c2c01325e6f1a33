import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export type ApplicationSystemStatus = 'active' | 'suspended' | 'retired';

/** How a business system authenticates at the token endpoint (`none`: a public client, PKCE only). */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

export const clientAuthMethods: readonly ClientAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
];

/**
 * A business system that relies on the unified authentication (ID-17): an OpenID Connect client
 * that signs its users in through the platform (single sign-on), and may look persons up with the
 * OAuth2 client-credentials grant. Its code is the client id; only a keyed hash of its secret is kept.
 */
@Entity({ tableName: 'application_system' })
export class ApplicationSystem {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  owner!: string;

  /** What the system may ask for: service scopes (`identity:…`) and OpenID Connect scopes. */
  @Property({ type: 'text[]' })
  scopes!: string[];

  @Enum({ items: ['active', 'suspended', 'retired'], type: 'text' })
  status: ApplicationSystemStatus & Opt = 'active';

  @Property({ type: 'text', nullable: true, lazy: true })
  secretDigest?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  secretIssuedAt?: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  /** Where the platform may send the user back after sign-in: exact URIs, no wildcards. */
  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  redirectUris: string[] & Opt = [];

  /** Where the platform may send the user after an RP-initiated sign-out. */
  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  postLogoutRedirectUris: string[] & Opt = [];

  /** OIDC Back-Channel Logout 1.0: where logout tokens are posted when a session ends. */
  @Property({ type: 'text', nullable: true })
  backchannelLogoutUri?: string | null;

  @Enum({ items: () => [...clientAuthMethods], type: 'text' })
  tokenEndpointAuthMethod: ClientAuthMethod & Opt = 'client_secret_basic';

  /** The public keys of a `private_key_jwt` client, as a JWKS URL or as a JWK set. */
  @Property({ type: 'text', nullable: true })
  jwksUri?: string | null;

  @Property({ type: 'jsonb', nullable: true })
  jwks?: { keys: Record<string, unknown>[] } | null;

  /** Only users whose real name the bank confirmed (ID-3) may sign in to this system. */
  @Property({ type: 'boolean' })
  requiresRealName: boolean & Opt = false;

  /** Ask the user to consent to the scopes (the bureau's own systems skip it). */
  @Property({ type: 'boolean' })
  consentRequired: boolean & Opt = true;

  /** `sub` differs per system (pairwise) instead of being the user id. */
  @Property({ type: 'boolean' })
  pairwiseSubject: boolean & Opt = false;

  @Property({ type: 'integer' })
  accessTokenTtlSeconds: number & Opt = 600;

  @Property({ type: 'integer' })
  idTokenTtlSeconds: number & Opt = 600;

  /** Lifetime of a refresh token; 0: the system gets none. */
  @Property({ type: 'integer' })
  refreshTokenTtlSeconds: number & Opt = 8 * 3600;
}
