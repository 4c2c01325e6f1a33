import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '../log/logger';
import { createTestDatabase } from '../testing/test-database';
import { openDatabase } from './database';
import { GroupInsert } from './group-insert';

@Entity({ tableName: 'record', schema: 'group_insert' })
class RecordRow {
  @PrimaryKey({ type: 'text' })
  id!: string;

  /** Filled by the trigger: the backend (connection) that wrote the row. */
  @Property({ type: 'integer', nullable: true })
  backend?: number;
}

/** Every row takes 300 ms to insert and is stamped with the connection that wrote it. */
class CreateRecord extends Migration {
  async up(): Promise<void> {
    this.addSql('create table "group_insert"."record" ("id" text primary key, "backend" integer)');
    this.addSql(`create function "group_insert"."slow_stamp"() returns trigger language plpgsql as $$
      begin new."backend" := pg_backend_pid(); perform pg_sleep(0.3); return new; end $$`);
    this.addSql(`create trigger "slow_stamp" before insert on "group_insert"."record"
      for each row execute function "group_insert"."slow_stamp"()`);
  }
}

describe('group commit of records', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openDatabase({
      url: await createTestDatabase(),
      schema: 'group_insert',
      entities: [RecordRow],
      migrations: [{ name: '0001-record', class: CreateRecord }],
      log: createLogger({ service: 'kit-test', level: 'silent' }),
    });
  });
  afterAll(() => orm?.close());

  /** Rows queued one after another while the first is being written; the backends that wrote them. */
  async function writers(prefix: string, concurrentBatches: number): Promise<number> {
    const records = new GroupInsert({ em: orm.em, entity: RecordRow, asynchronousCommit: true, concurrentBatches });
    const written: Promise<void>[] = [];
    for (let i = 0; i < 3; i += 1) {
      written.push(records.insert({ id: `${prefix}-${i}` }));
      // The next row comes after the last one's batch has gone out (a later turn of the event loop).
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(written);
    const rows = await orm.em.fork().find(RecordRow, { id: { $like: `${prefix}-%` } });
    expect(rows).toHaveLength(3);
    return new Set(rows.map((row) => row.backend)).size;
  }

  it('writes one batch at a time by default: rows arriving meanwhile wait and go together', async () => {
    expect(await writers('one', 1)).toBeLessThanOrEqual(2);
  });

  it('with concurrentBatches, rows arriving while a batch is written go at once, on connections of their own', async () => {
    expect(await writers('three', 3)).toBe(3);
  });
});
