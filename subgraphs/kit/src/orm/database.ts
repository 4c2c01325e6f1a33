import type { EntityClass } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { type MigrationObject, MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Logger } from '../log/logger';
import { currentScope } from '../server/request-scope';
import { withAdvisoryLock } from './advisory-lock';

export interface DatabaseOptions {
  url: string;
  /** The Postgres schema this subgraph owns; nobody else writes to it. */
  schema: string;
  entities: EntityClass<unknown>[];
  /** The committed migrations, oldest first. */
  migrations: MigrationObject[];
  log: Logger;
  poolSize?: number;
}

/**
 * Opens the subgraph's database: creates its schema if missing and applies the committed
 * migrations (in one transaction, recorded in the schema's own migrations table) before
 * anything serves a request. Replicas starting together take turns under a PostgreSQL advisory
 * lock per schema, so the first migrates and the others find nothing left to do.
 */
export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    schema: options.schema,
    entities: options.entities,
    extensions: [Migrator],
    allowGlobalContext: false,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    pool: { min: 0, max: options.poolSize ?? 10 },
    migrations: {
      migrationsList: options.migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    logger: (message) => options.log.debug({ orm: message }, 'orm'),
    onQuery: (sql) => {
      const scope = currentScope();
      if (scope) scope.sqlStatements += 1;
      return sql;
    },
    debug: false,
  });
  try {
    await withAdvisoryLock(options.url, `migrate:${options.schema}`, async () => {
      await orm.em.getConnection().execute(`create schema if not exists "${options.schema}"`);
      const applied = await orm.migrator.up();
      if (applied.length) {
        options.log.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
      }
    });
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}
