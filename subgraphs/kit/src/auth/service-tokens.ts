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
