import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The shared counters of the per-client rate limits (`ClientRateLimiter`), one row per limit and
 * client, in the schema of the subgraph that limits. The table is rate-limiter-flexible's own
 * (`RateLimiterPostgres`), created by that subgraph's migration rather than by the library at run
 * time; rows are written only by the library.
 */
@Entity({ tableName: 'rate_limit' })
export class RateLimitCounter {
  /** `<limit name>:<client>`. */
  @PrimaryKey({ type: 'varchar', length: 255 })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points: number & Opt = 0;

  /** End of the window, in epoch milliseconds. */
  @Property({ type: 'bigint', nullable: true })
  expire?: string;
}
