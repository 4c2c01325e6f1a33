import { Entity, PrimaryKey, Property, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Loaders } from '../federation/loaders';
import { createLogger } from '../log/logger';
import { withScope } from '../server/request-scope';
import { createTestDatabase } from '../testing/test-database';
import { openDatabase } from './database';
import { asynchronousCommit, executePrepared } from './prepared-statement';

@Entity({ tableName: 'note', schema: 'kit_test' })
class Note {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  body!: string;
}

class CreateNote extends Migration {
  async up(): Promise<void> {
    this.addSql('create table "kit_test"."note" ("id" text primary key, "body" text not null)');
  }
}

describe('executePrepared', () => {
  const log = createLogger({ service: 'kit-test', level: 'silent' });
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openDatabase({
      url: await createTestDatabase(),
      schema: 'kit_test',
      entities: [Note],
      migrations: [{ name: '0001-note', class: CreateNote }],
      log,
      poolSize: 1,
    });
  });

  afterAll(() => orm.close(true));

  it('binds each ? in order and returns the rows', async () => {
    const rows = await executePrepared<{ id: string; body: string }>(orm.em, {
      sql: 'insert into "kit_test"."note" ("id", "body") values (?, ?) returning "id", "body"',
      params: ['a', 'first?'],
    });
    expect(rows).toEqual([{ id: 'a', body: 'first?' }]);
  });

  it('prepares a text once per connection, and runs it again by name', async () => {
    const sql = 'select "body" from "kit_test"."note" where "id" = ?';
    expect(await executePrepared(orm.em, { sql, params: ['a'] })).toEqual([{ body: 'first?' }]);
    expect(await executePrepared(orm.em, { sql, params: ['none'] })).toEqual([]);
    const prepared = await executePrepared<{ statement: string }>(orm.em, {
      sql: 'select "statement" from pg_prepared_statements',
      params: [],
    });
    expect(prepared.filter((row) => row.statement.includes('"id" = $1'))).toHaveLength(1);
  });

  it('counts each statement in the request scope', async () => {
    const scope = { requestId: 'counting', locale: 'zh-CN' as const, log, sqlStatements: 0 };
    await withScope(scope, () => executePrepared(orm.em, { sql: 'select 1', params: [] }));
    expect(scope.sqlStatements).toBe(1);
  });

  it("turns the driver's errors into the ORM's, and gives the connection back", async () => {
    const duplicate = { sql: 'insert into "kit_test"."note" ("id", "body") values (?, ?)', params: ['a', 'again'] };
    await expect(executePrepared(orm.em, duplicate)).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await executePrepared(orm.em, { sql: 'select 1 as "one"', params: [] })).toEqual([{ one: 1 }]);
  });

  it('gives dates and times as Dates when asked, as the text the ORM reads otherwise', async () => {
    const sql = `select timestamptz '2026-12-05 10:00:00+00' as "at"`;
    expect(await executePrepared(orm.em, { sql, params: [], dates: true })).toEqual([
      { at: new Date('2026-12-05T10:00:00Z') },
    ]);
    const [text] = await executePrepared<{ at: unknown }>(orm.em, { sql, params: [] });
    expect(typeof text?.at).toBe('string');
  });

  it('issue 16: loads plain rows by id in one prepared statement per batch, null for missing and malformed ids', async () => {
    const ids = ['6f1c9a5e-2b1d-4c8e-9a51-000000000001', '6f1c9a5e-2b1d-4c8e-9a51-000000000002'];
    await executePrepared(orm.em, {
      sql: 'insert into "kit_test"."note" ("id", "body") values (?, ?), (?, ?)',
      params: [ids[0], 'one', ids[1], 'two'],
    });
    const scope = { requestId: 'rows-by-id', locale: 'zh-CN' as const, log, sqlStatements: 0 };
    const loaders = new Loaders(orm.em.fork());
    const sql = 'select "id", "body" from "kit_test"."note" where "id" = any(?::text[])';
    const missing = '6f1c9a5e-2b1d-4c8e-9a51-00000000dead';
    const rows = await withScope(scope, () =>
      Promise.all([ids[1], missing, 'not-a-uuid', ids[0]].map((id) => loaders.rowsById(sql).load(id as string))),
    );
    expect(rows).toEqual([{ id: ids[1], body: 'two' }, null, null, { id: ids[0], body: 'one' }]);
    expect(scope.sqlStatements).toBe(1);
    expect(loaders.rowsById(sql)).toBe(loaders.rowsById(sql));
  });

  it('commits asynchronously only the statement that asks for it', async () => {
    const setting = 'select current_setting(\'synchronous_commit\') as "value"';
    expect(await executePrepared(orm.em, { sql: `${setting} from ${asynchronousCommit}`, params: [] })).toEqual([
      { value: 'off' },
    ]);
    expect(await executePrepared(orm.em, { sql: setting, params: [] })).toEqual([{ value: 'on' }]);
  });
});
