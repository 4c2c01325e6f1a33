import type { EntityClass } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { type MigrationObject, MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Logger } from '../log/logger';
import { currentScope } from '../server/request-scope';
import { withAdvisoryLock } from './advisory-lock';

/** What owns a schema: its name, its entities and its committed migrations (a subgraph module). */
export interface SchemaOwner {
  /** The Postgres schema this subgraph owns; nobody else writes to it. */
  name: string;
  entities: EntityClass<unknown>[];
  /** The committed migrations, oldest first. */
  migrations: MigrationObject[];
}

export interface DatabaseOptions {
  url: string;
  /** The Postgres schema this subgraph owns; nobody else writes to it. */
  schema: string;
  entities: EntityClass<unknown>[];
  /** The committed migrations, oldest first. */
  migrations: MigrationObject[];
  log: Logger;
  poolSize?: number;
  /** PostgreSQL `statement_timeout` of every connection, in milliseconds; 0 or unset: none. */
  statementTimeoutMs?: number;
  /**
   * Time to open a connection, and to wait for a free one of the pool, in milliseconds (default 5 s): a
   * database that is down or saturated fails the request fast (`SERVICE_UNAVAILABLE`) instead of holding it.
   */
  connectTimeoutMs?: number;
  /** Apply pending migrations first (the default); false: refuse to open while some are pending. */
  migrate?: boolean;
}

const migrationsTable = 'mikro_orm_migrations';

function ormOptions(
  options: Pick<DatabaseOptions, 'url' | 'schema' | 'entities' | 'migrations' | 'log'>,
  pool: { max: number; statementTimeoutMs?: number; connectTimeoutMs?: number },
): Options {
  const connectTimeoutMs = pool.connectTimeoutMs ?? 5_000;
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    schema: options.schema,
    entities: options.entities,
    extensions: [Migrator],
    allowGlobalContext: false,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    pool: { min: 0, max: pool.max, acquireTimeoutMillis: connectTimeoutMs },
    driverOptions: {
      connection: {
        connectionTimeoutMillis: connectTimeoutMs,
        ...(pool.statementTimeoutMs ? { statement_timeout: pool.statementTimeoutMs } : {}),
      },
    },
    migrations: {
      migrationsList: options.migrations,
      tableName: migrationsTable,
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
  };
}

/**
 * Creates the schema if missing and applies its pending migrations (in one transaction, recorded in
 * the schema's own migrations table), on a connection of its own without a statement timeout (a
 * migration may rewrite a large table). Replicas and migration jobs running together take turns
 * under a PostgreSQL advisory lock per schema, so the first migrates and the others find nothing
 * left to do. Returns the names of the migrations applied.
 */
export async function migrateSchema(
  options: Pick<DatabaseOptions, 'url' | 'schema' | 'entities' | 'migrations' | 'log' | 'connectTimeoutMs'>,
): Promise<string[]> {
  const orm = await MikroORM.init(ormOptions(options, { max: 1, connectTimeoutMs: options.connectTimeoutMs }));
  try {
    return await withAdvisoryLock(
      options.url,
      `migrate:${options.schema}`,
      async () => {
        await orm.em.getConnection().execute(`create schema if not exists "${options.schema}"`);
        const applied = await orm.migrator.up();
        return applied.map((m) => m.name);
      },
      options.connectTimeoutMs,
    );
  } finally {
    await orm.close();
  }
}

/** The committed migrations of `options` that the database has not recorded, read without writing anything. */
async function pendingMigrations(orm: MikroORM, options: DatabaseOptions): Promise<string[]> {
  let executed: { name: string }[] = [];
  try {
    executed = await orm.em
      .getConnection()
      .execute(`select "name" from "${options.schema}"."${migrationsTable}"`, [], 'all');
  } catch (error) {
    // 42P01: no migrations table (nor schema) yet, so nothing was ever applied.
    if ((error as { code?: string }).code !== '42P01') throw error;
  }
  const done = new Set(executed.map((row) => row.name));
  return options.migrations.map((m) => m.name).filter((name) => !done.has(name));
}

/**
 * Opens the subgraph's database, migrated before anything serves a request: at start (the
 * default), or beforehand by `npm run migrate` (a Kubernetes Job), in which case a schema with
 * migrations pending refuses to open rather than serve on tables it does not know.
 */
export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  if (options.migrate !== false) {
    const applied = await migrateSchema(options);
    if (applied.length) options.log.info({ schema: options.schema, migrations: applied }, 'database migrated');
  }
  const orm = await MikroORM.init(
    ormOptions(options, {
      max: options.poolSize ?? 10,
      statementTimeoutMs: options.statementTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
    }),
  );
  if (options.migrate === false) {
    const pending = await pendingMigrations(orm, options).catch(async (error: unknown) => {
      await orm.close();
      throw error;
    });
    if (pending.length) {
      await orm.close();
      throw new Error(
        `schema ${options.schema} has ${pending.length} migration(s) pending (${pending.join(', ')}): run \`npm run migrate\` first, or start with MIGRATE_ON_START=true`,
      );
    }
  }
  return orm;
}
