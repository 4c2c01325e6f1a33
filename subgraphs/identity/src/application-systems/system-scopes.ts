import { oidcScopes } from '../single-sign-on/business-system-clients';

/** What a business system may be allowed to do through the graph (ID-17). */
export const systemScopes = {
  /** Resolve a person to their verified identity (user id, verified name, masked ID). */
  verifiedIdentity: 'identity:verified-identity',
  /** Verify signatures by certificates Tessera issued (certificate subgraph, issue 15 item 3). */
  signatureVerify: 'signature:verify',
} as const;

export const knownSystemScopes: readonly string[] = Object.values(systemScopes);

/** Every scope an administrator may grant a business system: its service scopes and the OpenID Connect ones. */
export const grantableScopes: readonly string[] = [...knownSystemScopes, ...oidcScopes];
