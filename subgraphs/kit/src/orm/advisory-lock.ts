import { Client } from 'pg';

/** The first half of every Tessera advisory-lock key; the second is the hash of the lock's name. */
const tesseraLocks = 7281;

/**
 * Runs `work` while this process holds the cluster-wide lock `name`: a session-level PostgreSQL
 * advisory lock on a connection of its own (outside the ORM's pool, whatever its size), held across
 * any transactions `work` makes and released however it ends. Replicas doing the same first-start
 * work (migrations, creating the CA hierarchy) take turns, and each later one finds it done. Opening the
 * lock's connection gives up after `connectTimeoutMs`, like the pools' connections.
 */
export async function withAdvisoryLock<T>(
  databaseUrl: string,
  name: string,
  work: () => Promise<T>,
  connectTimeoutMs = 5_000,
): Promise<T> {
  const lock = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: connectTimeoutMs });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1, hashtext($2))', [tesseraLocks, name]);
    return await work();
  } finally {
    await lock.end();
  }
}
