import net from 'node:net';
import { Entity, PrimaryKey } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { locatedError } from 'graphql';
import { Client } from 'pg';
import { createErrorFormatter, failureCode } from '../errors/format-error';
import { createLogger } from '../log/logger';
import { createTestDatabase } from '../testing/test-database';
import { migrateSchema, openDatabase } from './database';

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
      // This database's locks only: pg_locks is the whole server's, where other test files hold theirs.
      const locks = await client.query(
        `select count(*)::int as held from pg_locks
          where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
      );
      expect(locks.rows[0].held).toBe(0);
    } finally {
      await client.end();
    }
  });
});

describe('openDatabase limits and migration modes (issue 13, item 4)', () => {
  const log = createLogger({ service: 'kit-test', level: 'silent' });
  const ledger = {
    schema: 'replicas',
    entities: [Ledger],
    migrations: [
      { name: '0001-ledger', class: CreateLedger },
      { name: '0002-ledger-index', class: IndexLedger },
    ],
    log,
  };

  it('cancels a statement that outruns the statement timeout, and the answer is a typed SERVICE_TIMEOUT', async () => {
    const orm = await openDatabase({ ...ledger, url: await createTestDatabase(), statementTimeoutMs: 100 });
    try {
      const started = Date.now();
      const error = await orm.em
        .fork()
        .execute('select pg_sleep(5)')
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(error).toMatchObject({ code: '57014' });
      const formatted = createErrorFormatter(log, 'en')(
        locatedError(error, undefined, ['ledger']).toJSON(),
        locatedError(error, undefined, ['ledger']),
      );
      expect(formatted).toEqual({
        message: 'A service took too long to answer; please try again later',
        path: ['ledger'],
        extensions: { code: 'SERVICE_TIMEOUT' },
      });
      await expect(orm.em.fork().execute('select pg_sleep(0.01)')).resolves.toBeDefined();
    } finally {
      await orm.close(true);
    }
  });

  it('waits for a free connection only as long as its connect timeout, and the answer is SERVICE_UNAVAILABLE', async () => {
    const orm = await openDatabase({ ...ledger, url: await createTestDatabase(), poolSize: 1, connectTimeoutMs: 300 });
    try {
      const holding = orm.em.fork().execute('select pg_sleep(3)');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      const error = await orm.em
        .fork()
        .execute('select 1')
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(failureCode(error)).toBe('SERVICE_UNAVAILABLE');
      const formatted = createErrorFormatter(log, 'en')(
        locatedError(error, undefined, ['ledger']).toJSON(),
        locatedError(error, undefined, ['ledger']),
      );
      expect(formatted).toEqual({
        message: 'A service is unavailable; please try again later',
        path: ['ledger'],
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
      await holding;
    } finally {
      await orm.close(true);
    }
  });

  it('gives up on a database that accepts the connection but never answers, and on a refused one', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const error = await openDatabase({
        ...ledger,
        url: `postgres://postgres:postgres@127.0.0.1:${port}/tessera`,
        connectTimeoutMs: 300,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(failureCode(error)).toBe('SERVICE_UNAVAILABLE');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
    const refused = await openDatabase({
      ...ledger,
      url: `postgres://postgres:postgres@127.0.0.1:${port}/tessera`,
      connectTimeoutMs: 300,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failureCode(refused)).toBe('SERVICE_UNAVAILABLE');
  });

  it('without migrating, refuses a schema with migrations pending and writes nothing; opens once migrated', async () => {
    const url = await createTestDatabase();
    await expect(openDatabase({ ...ledger, url, migrate: false })).rejects.toThrow(
      /schema replicas has 2 migration\(s\) pending \(0001-ledger, 0002-ledger-index\): run `npm run migrate`/,
    );
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const schemas = await client.query("select 1 from information_schema.schemata where schema_name = 'replicas'");
      expect(schemas.rowCount).toBe(0);
    } finally {
      await client.end();
    }
    expect(await migrateSchema({ ...ledger, url })).toEqual(['0001-ledger', '0002-ledger-index']);
    const orm = await openDatabase({ ...ledger, url, migrate: false });
    await orm.close(true);
  });
});
