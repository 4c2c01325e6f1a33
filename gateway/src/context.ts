import type { RequestScope, Viewer } from '@tessera/kit';

/**
 * The gateway's per-request context. The gateway rejects a bad token early, but decides nothing
 * with it: it forwards the token and every subgraph verifies it and applies its own rules.
 */
export interface GatewayContext extends RequestScope {
  authorization?: string;
  /** The verified caller; only the trusted-operations check reads it. */
  viewer: Viewer;
  /** The caller's address, as the gateway's `trust proxy` setting allows it to be known. */
  clientAddress?: string;
}
