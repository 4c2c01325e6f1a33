import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';

interface ConnectionPool {
  on(event: 'acquireSuccess', listener: (eventId: number, connection: object) => void): void;
  removeListener(event: 'acquireSuccess', listener: (eventId: number, connection: object) => void): void;
}

/**
 * The statements one subgraph sends to PostgreSQL (each a round trip), counted at the driver on the
 * connections of its pool: the ORM's queries, the begin and commit of its transactions and the kit's
 * prepared statements alike, whether or not they run in a request scope (the provider's routes have
 * none). Other subgraphs' background jobs are not counted; the subgraph's own are, so the benchmark
 * reads it around one operation at a time and keeps medians.
 */
export class RoundTrips {
  private readonly tally = { statements: 0 };
  private readonly original = pg.Client.prototype.query;
  private readonly pool: ConnectionPool;
  private readonly onAcquire: (eventId: number, connection: object) => void;

  /** Counts from now on, on connections taken from the pool from now on. */
  constructor(orm: MikroORM) {
    const { original, tally } = this;
    const connections = new WeakSet<object>();
    this.onAcquire = (_eventId, connection) => connections.add(connection);
    this.pool = orm.em.getConnection().getKnex().client.pool as ConnectionPool;
    this.pool.on('acquireSuccess', this.onAcquire);
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (connections.has(this)) tally.statements += 1;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
  }

  get total(): number {
    return this.tally.statements;
  }

  stop(): void {
    pg.Client.prototype.query = this.original;
    this.pool.removeListener('acquireSuccess', this.onAcquire);
  }
}
