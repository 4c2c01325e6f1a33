import { Entity, PrimaryKey } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { Client } from 'pg';
import { createLogger } from '../log/logger';
import { createTestDatabase } from '../testing/test-database';
import { openDatabase } from './database';

@Entity({ tableName: 'ledger', schema: 'replicas' })
class Ledger {
  @PrimaryKey({ type: 'text' })
  id!: string;
}

class CreateLedger extends Migration {
  async up(): Promise<void> {
    this.addSql(`create type "replicas"."entry_kind" as enum ('debit', 'credit')`);
    this.addSql('create table "replicas"."ledger" ("id" text primary key, "kind" "replicas"."entry_kind")');
  }
}

class IndexLedger extends Migration {
  async up(): Promise<void> {
    this.addSql('create index "ledger_kind_index" on "replicas"."ledger" ("kind")');
  }
}

describe('openDatabase with several replicas starting at once', () => {
  const log = createLogger({ service: 'kit-test', level: 'silent' });

  it('migrates once: every replica opens, the schema and each migration are created exactly once', async () => {
    const url = await createTestDatabase();
    const replicas = await Promise.all(
      Array.from({ length: 6 }, () =>
        openDatabase({
          url,
          schema: 'replicas',
          entities: [Ledger],
          migrations: [
            { name: '0001-ledger', class: CreateLedger },
            { name: '0002-ledger-index', class: IndexLedger },
          ],
          log,
          poolSize: 1,
        }),
      ),
    );
    await Promise.all(replicas.map((orm) => orm.close(true)));
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const applied = await client.query('select name from "replicas"."mikro_orm_migrations" order by id');
      expect(applied.rows.map((row) => row.name)).toEqual(['0001-ledger', '0002-ledger-index']);
      const locks = await client.query(`select count(*)::int as held from pg_locks where locktype = 'advisory'`);
      expect(locks.rows[0].held).toBe(0);
    } finally {
      await client.end();
    }
  });
});
