import type { MikroORM } from '@mikro-orm/postgresql';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { ErrorCode } from '../errors/catalogue';
import { DomainError } from '../errors/domain-error';
import { RateLimitCounter } from './rate-limit.entity';

export interface ClientRateLimit {
  /** Names the limit among those sharing the table (the first part of each counter's key). */
  name: string;
  /** Requests each client may make per window. */
  requests: number;
  windowSeconds: number;
  /** Thrown, with `retryAfterSeconds`, when a client is over its budget. */
  code: ErrorCode;
}

/**
 * A per-client request budget (rate-limiter-flexible, fixed window) for anonymous endpoints such as
 * the public certificate status query, counted in PostgreSQL so that every replica of the subgraph
 * spends the same budget. The counters live in the subgraph's own schema, in the table its
 * migration creates (`RateLimitCounter`, which it lists among its entities). While the database
 * cannot be reached, each replica counts in its own memory (the insurance limiter) rather than let
 * everything through or refuse everyone. A client over its budget is then refused from memory
 * until its window ends, without asking the database again.
 */
export class ClientRateLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(
    orm: MikroORM,
    private readonly limit: ClientRateLimit,
  ) {
    const { requests: points, windowSeconds: duration } = limit;
    this.limiter = new RateLimiterPostgres({
      storeClient: orm.em.getConnection().getKnex(),
      storeType: 'knex',
      schemaName: orm.config.get('schema'),
      tableName: orm.getMetadata().get(RateLimitCounter.name).tableName,
      tableCreated: true,
      keyPrefix: limit.name,
      points,
      duration,
      inMemoryBlockOnConsumed: points + 1,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: limit.name, points, duration }),
    });
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
