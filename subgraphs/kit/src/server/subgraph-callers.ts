import type { Request } from 'express';
import { GatewayAssertion, gatewayAssertionHeader } from '../auth/gateway-assertion';
import type { Viewer } from '../auth/viewer';
import type { Config } from '../config/config';
import { DomainError } from '../errors/domain-error';

/** Who is calling a subgraph, as far as it can tell. */
export interface Caller {
  /** The request carries a valid assertion of the gateway. */
  viaGateway: boolean;
  /** The client's address: the gateway's assertion of it, or else the socket's peer. */
  clientAddress?: string;
}

/**
 * Decides which callers a subgraph serves and whom per-client limits count against. The gateway
 * proves itself with its signed assertion, and only then is the client address it names believed
 * (`X-Forwarded-For` never is). When the platform runs trusted operations only (production), a
 * subgraph serves just the gateway, which has checked the client's document against the clients'
 * manifests and the limits, and Tessera services (the RA calling the certificate subgraph with a
 * service token): a document a subgraph receives is a query plan's fetch, which no manifest lists,
 * so only the gateway can tell a trusted operation from an ad-hoc one.
 */
export class SubgraphCallers {
  private readonly assertion: GatewayAssertion | undefined;
  private readonly gatewayOnly: boolean;

  constructor(config: Config) {
    this.assertion = GatewayAssertion.fromConfig(config);
    this.gatewayOnly = config.gateway.trustedOperationsOnly;
  }

  /** The caller of `req`; throws `GATEWAY_ASSERTION_INVALID` or `GATEWAY_REQUIRED` for those refused. */
  async admit(req: Request, requestId: string, viewer: Viewer): Promise<Caller> {
    const presented = req.header(gatewayAssertionHeader);
    if (presented) {
      if (!this.assertion) throw DomainError.ofRequest('GATEWAY_ASSERTION_INVALID');
      const claims = await this.assertion.verify(presented, requestId);
      return { viaGateway: true, clientAddress: claims.clientAddress };
    }
    if (this.gatewayOnly && viewer.kind !== 'service') throw DomainError.ofRequest('GATEWAY_REQUIRED');
    return { viaGateway: false, clientAddress: req.socket.remoteAddress };
  }
}
