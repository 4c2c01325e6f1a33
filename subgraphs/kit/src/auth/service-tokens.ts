/**
 * Where a Tessera service gets the access token it presents when it calls another service
 * (say, the RA calling the certificate subgraph): a token of kind `service` naming the caller.
 */
export interface ServiceTokenSource {
  token(): Promise<string>;
}

/** Reuses a token until shortly before it expires, so a busy caller does not mint one per call. */
export function cachedTokens(mint: () => Promise<{ token: string; expiresInSeconds: number }>): ServiceTokenSource {
  let current: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return {
    token: async () => {
      if (current && Date.now() < current.renewAt) return current.token;
      pending ??= mint()
        .then(({ token, expiresInSeconds }) => {
          current = { token, renewAt: Date.now() + expiresInSeconds * 800 };
          return token;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
}

export interface ClientCredentials {
  /** The identity subgraph's OAuth 2.0 token endpoint (`/oauth/token`). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Tokens from the identity subgraph by the OAuth 2.0 client-credentials grant (RFC 6749 §4.4): how a
 * Tessera service running as its own process (the docker stack) proves who it is to the others.
 */
export function clientCredentialsTokens(credentials: ClientCredentials, timeoutMs = 5_000): ServiceTokenSource {
  return cachedTokens(async () => {
    const response = await fetch(credentials.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error('token endpoint answered without a token');
    return { token: body.access_token, expiresInSeconds: body.expires_in ?? 60 };
  });
}
