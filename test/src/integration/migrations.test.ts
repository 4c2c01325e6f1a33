import { certificate } from '@tessera/certificate';
import { identity } from '@tessera/identity';
import { createLogger, openDatabase, type SubgraphModule } from '@tessera/kit';
import { ra } from '@tessera/ra';
import { createTestDatabase } from '../harness/platform';

const log = createLogger({ service: 'migrations-test', level: 'silent' });

describe.each([identity, certificate, ra] as SubgraphModule[])('the $name schema', (module) => {
  it('is created by its committed migrations exactly as its entities describe it', async () => {
    const orm = await openDatabase({
      url: await createTestDatabase(),
      schema: module.name,
      entities: module.entities,
      migrations: module.migrations,
      log,
    });
    try {
      const drift = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, schema: module.name });
      expect(drift.trim()).toBe('');
      const executed = await orm.migrator.getExecutedMigrations();
      expect(executed.map((m) => m.name)).toEqual(module.migrations.map((m) => m.name));
    } finally {
      await orm.close();
    }
  });

  it('keeps its tables in its own Postgres schema and nowhere else', async () => {
    const orm = await openDatabase({
      url: await createTestDatabase(),
      schema: module.name,
      entities: module.entities,
      migrations: module.migrations,
      log,
    });
    try {
      const rows: { table_schema: string }[] = await orm.em
        .getConnection()
        .execute(
          "select distinct table_schema from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
        );
      expect(rows.map((r) => r.table_schema)).toEqual([module.name]);
    } finally {
      await orm.close();
    }
  });
});
