import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { createLogger } from '../log/logger';
import { openDatabase } from '../orm/database';
import { createTestDatabase, testServerUrl } from '../testing/test-database';
import { type ClientRateLimit, ClientRateLimiter } from './client-rate-limiter';
import { RateLimitCounter } from './rate-limit.entity';

/** The table as an owning subgraph's migration creates it (the certificate subgraph's 0009-rate-limit). */
class CreateRateLimit extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "limits"."rate_limit" (
      "key" varchar(255) not null, "points" int not null default 0, "expire" bigint null,
      constraint "rate_limit_pkey" primary key ("key"));`);
  }
}

const log = createLogger({ service: 'kit-test', level: 'silent' });
const limit: ClientRateLimit = {
  name: 'status',
  requests: 3,
  windowSeconds: 60,
  code: 'CERTIFICATE_STATUS_RATE_LIMITED',
};
const refused = { code: 'CERTIFICATE_STATUS_RATE_LIMITED', extensions: { retryAfterSeconds: expect.any(Number) } };

/** One replica of a subgraph owning the schema `limits`: its own ORM and connection pool. */
const replica = (url: string) =>
  openDatabase({
    url,
    schema: 'limits',
    entities: [RateLimitCounter],
    migrations: [{ name: '0001-rate-limit', class: CreateRateLimit }],
    log,
    poolSize: 2,
  });

describe('per-client rate limit shared across replicas (issue 13, CT-2)', () => {
  let url: string;
  const opened: MikroORM[] = [];

  beforeEach(async () => {
    url = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((orm) => orm.close(true)));
  });

  it('gives two replicas on one database one budget per client, refusing the one over it with a retry delay', async () => {
    const [a, b] = await Promise.all([replica(url), replica(url)]);
    opened.push(a, b);
    const first = new ClientRateLimiter(a, limit);
    const second = new ClientRateLimiter(b, limit);
    await first.consume('10.0.0.1');
    await second.consume('10.0.0.1');
    await first.consume('10.0.0.1');
    await expect(second.consume('10.0.0.1')).rejects.toMatchObject(refused);
    await expect(first.consume('10.0.0.1')).rejects.toMatchObject(refused);
    await expect(second.consume('10.0.0.2')).resolves.toBeUndefined();

    const rows = await a.em.fork().find(RateLimitCounter, {}, { orderBy: { key: 'asc' } });
    expect(rows.map((r) => r.key)).toEqual(['status:10.0.0.1', 'status:10.0.0.2']);
    expect(rows[0]?.points).toBeGreaterThan(limit.requests);
  });

  it('keeps the limits of different names apart in one table', async () => {
    const orm = await replica(url);
    opened.push(orm);
    const status = new ClientRateLimiter(orm, { ...limit, requests: 1 });
    const other = new ClientRateLimiter(orm, { ...limit, name: 'other', requests: 1 });
    await status.consume('10.0.0.1');
    await expect(other.consume('10.0.0.1')).resolves.toBeUndefined();
    await expect(status.consume('10.0.0.1')).rejects.toMatchObject(refused);
  });

  it('counts in memory while the database cannot be reached, instead of failing or letting everyone through', async () => {
    const orm = await replica(url);
    opened.push(orm);
    const limiter = new ClientRateLimiter(orm, { ...limit, requests: 2 });
    const database = new URL(url).pathname.slice(1);
    const admin = new Client({ connectionString: testServerUrl() });
    await admin.connect();
    try {
      await admin.query(`alter database "${database}" allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [database]);
      await expect(orm.em.fork().count(RateLimitCounter)).rejects.toThrow();
      await limiter.consume('10.0.0.1');
      await limiter.consume('10.0.0.1');
      await expect(limiter.consume('10.0.0.1')).rejects.toMatchObject(refused);
      await expect(limiter.consume('10.0.0.2')).resolves.toBeUndefined();
    } finally {
      await admin.query(`alter database "${database}" allow_connections true`);
      await admin.end();
    }
  });
});
