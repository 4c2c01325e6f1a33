import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, createTestDatabase, openDatabase } from '@tessera/kit';
import { raEntities } from '../entities';
import { migrations } from '../migrations';

/** A fresh, migrated `ra` schema for domain tests (jest only: the run's PostgreSQL). */
export async function raDatabase(): Promise<MikroORM> {
  return openDatabase({
    url: await createTestDatabase(),
    schema: 'ra',
    entities: raEntities,
    migrations,
    log: createLogger({ service: 'ra-test', level: 'silent' }),
  });
}
