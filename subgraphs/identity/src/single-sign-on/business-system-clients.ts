import type { EntityManager } from '@mikro-orm/postgresql';
import { ClusterNotices, executePrepared } from '@tessera/kit';
import type { AdapterPayload } from 'oidc-provider';
import type { ApplicationSystem } from '../application-systems/application-system.entity';

/** The OpenID Connect scopes a business system may be allowed (beside its service scopes). */
export const oidcScopes = ['openid', 'profile', 'real_name', 'phone', 'unit', 'offline_access'] as const;

/** Client metadata of Tessera's own, read by the provider's hooks (`client.metadata()`). */
export interface TesseraClientMetadata {
  tessera_requires_real_name: boolean;
  tessera_consent_required: boolean;
  tessera_access_token_ttl: number;
  tessera_id_token_ttl: number;
  tessera_refresh_token_ttl: number;
}

export const tesseraClientProperties: (keyof TesseraClientMetadata)[] = [
  'tessera_requires_real_name',
  'tessera_consent_required',
  'tessera_access_token_ttl',
  'tessera_id_token_ttl',
  'tessera_refresh_token_ttl',
];

/**
 * A business system as the provider's client (ID-17): only an active system with redirect URIs
 * signs users in. Its `client_secret` is the keyed hash of the secret (the secret itself is never
 * kept), so the provider compares hashes (`single-sign-on.ts` hashes what the system presents).
 */
export function clientMetadataOf(system: ApplicationSystem): AdapterPayload | undefined {
  if (system.status !== 'active' || system.redirectUris.length === 0) return undefined;
  const method = system.tokenEndpointAuthMethod;
  const usesSecret = method === 'client_secret_basic' || method === 'client_secret_post';
  if (usesSecret && !system.secretDigest) return undefined;
  const refresh = system.refreshTokenTtlSeconds > 0;
  const metadata: AdapterPayload & TesseraClientMetadata = {
    client_id: system.code,
    client_name: system.name,
    ...(usesSecret ? { client_secret: system.secretDigest as string } : {}),
    token_endpoint_auth_method: method,
    ...(method === 'private_key_jwt'
      ? system.jwksUri
        ? { jwks_uri: system.jwksUri }
        : { jwks: system.jwks ?? { keys: [] } }
      : {}),
    redirect_uris: system.redirectUris,
    post_logout_redirect_uris: system.postLogoutRedirectUris,
    ...(system.backchannelLogoutUri
      ? { backchannel_logout_uri: system.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {}),
    grant_types: refresh ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
    scope: system.scopes.filter((s) => (oidcScopes as readonly string[]).includes(s)).join(' '),
    subject_type: system.pairwiseSubject ? 'pairwise' : 'public',
    id_token_signed_response_alg: 'ES256',
    application_type: 'web',
    tessera_requires_real_name: system.requiresRealName,
    tessera_consent_required: system.consentRequired,
    tessera_access_token_ttl: system.accessTokenTtlSeconds,
    tessera_id_token_ttl: system.idTokenTtlSeconds,
    tessera_refresh_token_ttl: system.refreshTokenTtlSeconds,
  };
  return metadata;
}

/** The columns of a system the provider needs, as `ApplicationSystem` names them. */
const clientColumns = `"code", "name", "scopes", "status", "secret_digest" as "secretDigest", "redirect_uris" as "redirectUris",
  "post_logout_redirect_uris" as "postLogoutRedirectUris", "backchannel_logout_uri" as "backchannelLogoutUri",
  "token_endpoint_auth_method" as "tokenEndpointAuthMethod", "jwks_uri" as "jwksUri", "jwks",
  "requires_real_name" as "requiresRealName", "consent_required" as "consentRequired",
  "pairwise_subject" as "pairwiseSubject", "access_token_ttl_seconds" as "accessTokenTtlSeconds",
  "id_token_ttl_seconds" as "idTokenTtlSeconds", "refresh_token_ttl_seconds" as "refreshTokenTtlSeconds"`;

/** The channel a trigger on `application_system` notifies with a system's code (migration 0016). */
export const applicationSystemChannel = 'identity_application_system';

/** An entry is read again after this long even without a notice (a notice lost with its connection is covered too). */
const maxAgeMs = 60_000;

/**
 * Business systems' client metadata for the provider, by code (the client id), kept in memory:
 * every step of a sign-in asks for it (authorization, sign-in, code, token, userinfo). Any change
 * to a system's row, through the service, a migration or by hand, notifies every replica from a
 * trigger on the table when it commits (LISTEN/NOTIFY, {@link follow}), and this replica's own
 * changes drop the entry at once ({@link forget}): a disabled system or a rotated secret applies
 * on every replica within milliseconds. Unknown codes are not kept.
 */
export class BusinessSystemClients {
  private readonly known = new Map<string, { readAt: number; metadata: AdapterPayload }>();
  /** Bumped by every change: a read that began before a change does not fill the cache with what it read. */
  private generation = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number = Date.now,
  ) {}

  /** The provider's `Client` lookup (an adapter `find`). */
  readonly find = async (clientId: string): Promise<AdapterPayload | undefined> => {
    if (!/^[a-z][a-z0-9-]{2,39}$/.test(clientId)) return undefined;
    const entry = this.known.get(clientId);
    if (entry && this.now() - entry.readAt < maxAgeMs) return entry.metadata;
    const generation = this.generation;
    const readAt = this.now();
    const [system] = await executePrepared<ApplicationSystem>(this.em, {
      sql: `select ${clientColumns} from "identity"."application_system" where "code" = ?`,
      params: [clientId],
    });
    const metadata = system ? clientMetadataOf(system) : undefined;
    if (metadata && generation === this.generation) this.known.set(clientId, { readAt, metadata });
    else this.known.delete(clientId);
    return metadata;
  };

  /** Drops what is kept of `code`, or of every system when a notice may have been missed. */
  forget(code?: string): void {
    this.generation += 1;
    if (code === undefined) this.known.clear();
    else this.known.delete(code);
  }

  /** Follows the other replicas' changes (and the database's own) until the returned listener is closed. */
  follow(databaseUrl: string, onError: (error: unknown) => void): Promise<ClusterNotices> {
    return ClusterNotices.listen(databaseUrl, applicationSystemChannel, (code) => this.forget(code), onError);
  }
}
