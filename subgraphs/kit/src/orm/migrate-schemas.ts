import type { Logger } from '../log/logger';
import { migrateSchema, type SchemaOwner } from './database';

/**
 * The one-shot migration (`npm run migrate`, a Kubernetes Job before the services start with
 * MIGRATE_ON_START=false): migrates every schema in turn under its advisory lock, writes one log
 * line per schema (the migrations applied, or why it failed), and tells whether all succeeded. A
 * failed schema does not stop the others: each is its own transaction and its own owner's business.
 */
export async function migrateSchemas(owners: SchemaOwner[], url: string, log: Logger): Promise<boolean> {
  let succeeded = true;
  for (const owner of owners) {
    try {
      const applied = await migrateSchema({
        url,
        schema: owner.name,
        entities: owner.entities,
        migrations: owner.migrations,
        log,
      });
      log.info({ schema: owner.name, applied }, applied.length ? 'schema migrated' : 'schema up to date');
    } catch (error) {
      succeeded = false;
      log.error({ schema: owner.name, err: error }, 'schema migration failed');
    }
  }
  return succeeded;
}
