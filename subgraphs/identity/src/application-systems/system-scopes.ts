/** What a business system may be allowed to do through the graph (ID-17). */
export const systemScopes = {
  /** Resolve a person to their verified identity (user id, verified name, masked ID). */
  verifiedIdentity: 'identity:verified-identity',
} as const;

export const knownSystemScopes: readonly string[] = Object.values(systemScopes);

/** The OpenID Connect scopes a business system may ask its users for (single sign-on). */
export const openIdScopes: readonly string[] = ['openid', 'profile', 'real_name', 'phone', 'offline_access'];

/** Every scope an administrator may grant a business system. */
export const grantableScopes: readonly string[] = [...knownSystemScopes, ...openIdScopes];
