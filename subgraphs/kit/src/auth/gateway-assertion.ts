import { errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config/config';
import { DomainError } from '../errors/domain-error';

/** The header carrying the gateway's assertion on every subgraph fetch. */
export const gatewayAssertionHeader = 'tessera-gateway-assertion';

const issuer = 'urn:tessera:gateway';
const audience = 'urn:tessera:subgraphs';
/** Seconds an assertion is good for: one subgraph fetch, with room for clock skew between containers. */
const lifetimeSeconds = 30;
const clockToleranceSeconds = 5;

/** What the gateway asserts about the client behind one subgraph fetch. */
export interface GatewayClaims {
  /** The client's address as the gateway's `trust proxy` setting lets it know it. */
  clientAddress?: string;
  requestId: string;
}

/**
 * The gateway's proof, to a subgraph, that a request comes from it: a compact HS256 JWS with a
 * lifetime of seconds over the client's address and the request id, keyed by a secret the gateway
 * and the subgraphs share (`GATEWAY_ASSERTION_SECRET`). A subgraph takes the client's address only
 * from a valid assertion, never from `X-Forwarded-For`, and refuses a forged or expired one.
 */
export class GatewayAssertion {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /**
   * The assertion of the configuration, or undefined outside production when no secret is set
   * (subgraphs then treat every caller as a direct one). Production refuses to start without it.
   */
  static fromConfig(config: Config): GatewayAssertion | undefined {
    if (config.gatewayAssertionSecret) return new GatewayAssertion(config.gatewayAssertionSecret);
    if (config.env === 'production') throw new Error('GATEWAY_ASSERTION_SECRET is required in production');
    return undefined;
  }

  sign(claims: GatewayClaims): Promise<string> {
    return new SignJWT({ rid: claims.requestId, ...(claims.clientAddress ? { addr: claims.clientAddress } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'tessera-gateway+jwt' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(this.key);
  }

  /**
   * The claims of a valid assertion for this request id; throws `GATEWAY_ASSERTION_INVALID` for a
   * forged, expired or replayed-elsewhere one (a different request id).
   */
  async verify(token: string, requestId: string): Promise<GatewayClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer,
        audience,
        typ: 'tessera-gateway+jwt',
        clockTolerance: clockToleranceSeconds,
        maxTokenAge: lifetimeSeconds + clockToleranceSeconds,
        requiredClaims: ['iat', 'exp', 'rid'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw DomainError.ofRequest('GATEWAY_ASSERTION_INVALID');
      throw error;
    }
    if (payload.rid !== requestId) throw DomainError.ofRequest('GATEWAY_ASSERTION_INVALID');
    return { requestId, clientAddress: typeof payload.addr === 'string' ? payload.addr : undefined };
  }
}
