import { Migration } from '@mikro-orm/migrations';

/**
 * CT-2: the counters of the public status query's per-client limit, shared by every replica
 * (rate-limiter-flexible's table, created here rather than by the library at run time).
 */
export class RateLimit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "certificate"."rate_limit" (
      "key" varchar(255) not null,
      "points" int not null default 0,
      "expire" bigint null,
      constraint "rate_limit_pkey" primary key ("key"));`);
  }
}
