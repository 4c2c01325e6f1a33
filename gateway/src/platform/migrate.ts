import 'reflect-metadata';
import { certificate } from '@tessera/certificate';
import { identity } from '@tessera/identity';
import {
  createLogger,
  disableTelemetry,
  exitOnStartupFailure,
  loadConfig,
  migrateSchemas,
  type SubgraphModule,
} from '@tessera/kit';
import { ra } from '@tessera/ra';

/** Every subgraph's schema, in the order the platform starts them. */
const owners: SubgraphModule[] = [identity, certificate, ra];

/**
 * `npm run migrate`: migrates every subgraph's schema in `DATABASE_URL` and exits, 0 when all are
 * up to date, 1 otherwise, with one JSON log line per schema. Run it (a Kubernetes Job) before
 * services started with MIGRATE_ON_START=false; it is safe beside running replicas (advisory locks).
 * It needs only the database: the services' keys and secrets stay with the services.
 */
async function main(): Promise<void> {
  disableTelemetry();
  const config = loadConfig();
  if (!config.database.url) throw new Error('DATABASE_URL is required to migrate');
  const log = createLogger({ service: 'migrate', level: config.logLevel });
  const migrated = await migrateSchemas(owners, config.database.url, log);
  log.flush();
  process.exitCode = migrated ? 0 : 1;
}

main().catch((error: unknown) => exitOnStartupFailure('migrate', error));
