import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ErrorCode } from '../errors/catalogue';
import { DomainError } from '../errors/domain-error';

export interface ClientRateLimit {
  /** Requests each client may make per window. */
  requests: number;
  windowSeconds: number;
  /** Thrown, with `retryAfterSeconds`, when a client is over its budget. */
  code: ErrorCode;
}

/**
 * A per-client request budget (rate-limiter-flexible, fixed window, in this process's memory): for
 * anonymous endpoints such as the public certificate status query. With several processes each
 * keeps its own count, so the effective limit is per process.
 */
export class ClientRateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly limit: ClientRateLimit) {
    this.limiter = new RateLimiterMemory({ points: limit.requests, duration: limit.windowSeconds });
  }

  /** Counts one request of `client` (its address); throws the configured code once it is over. */
  async consume(client: string): Promise<void> {
    try {
      await this.limiter.consume(client);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new DomainError(this.limit.code, {
        retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      });
    }
  }
}
