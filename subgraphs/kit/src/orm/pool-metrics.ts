import type { MikroORM } from '@mikro-orm/postgresql';
import { Gauge, type Registry } from 'prom-client';

/** What knex's connection pool (tarn) tells about itself. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  max: number;
}

/** The database pool of a process, read at scrape time: size, connections in use, callers waiting. */
export function registerPoolMetrics(registry: Registry, orm: MikroORM): void {
  const pool = () => (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;
  const gauge = (name: string, help: string, read: (p: TarnPool) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const current = pool();
        if (current) this.set(read(current));
      },
    });
  gauge('tessera_db_pool_max', 'Largest number of connections the database pool may open', (p) => p.max);
  gauge(
    'tessera_db_pool_connections',
    'Connections the database pool holds open (used and free)',
    (p) => p.numUsed() + p.numFree(),
  );
  gauge('tessera_db_pool_used', 'Connections of the database pool in use', (p) => p.numUsed());
  gauge(
    'tessera_db_pool_pending',
    'Callers waiting for a connection of the database pool',
    (p) => p.numPendingAcquires() + p.numPendingCreates(),
  );
}
