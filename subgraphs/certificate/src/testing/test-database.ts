import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, createTestDatabase, openDatabase } from '@tessera/kit';
import { certificate } from '../index';

/**
 * A fresh database on the test run's PostgreSQL (started by jest's global setup), migrated with
 * the certificate subgraph's committed migrations.
 */
export async function openTestDatabase(): Promise<MikroORM> {
  return openDatabase({
    url: await createTestDatabase(),
    schema: 'certificate',
    entities: certificate.entities,
    migrations: certificate.migrations,
    log: createLogger({ service: 'certificate-test', level: 'warn' }),
  });
}
