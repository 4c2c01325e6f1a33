import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '../log/logger';
import { createTestDatabase } from '../testing/test-database';
import { openDatabase } from './database';
import { UnnestInsert } from './unnest-insert';

@Entity({ tableName: 'sample', schema: 'unnest_insert' })
class Sample {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'blob', nullable: true })
  bytes?: Buffer;

  @Property({ type: 'timestamptz', nullable: true })
  at?: Date;

  @Property({ type: 'boolean', nullable: true })
  flag?: boolean;

  @Property({ type: 'json', nullable: true })
  details?: Record<string, unknown>;

  /** Filled by the database when the row has none. */
  @Property({ type: 'text', defaultRaw: `'from the database'` })
  origin?: string;
}

@Entity({ tableName: 'child', schema: 'unnest_insert' })
class Child {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Sample)
  parent!: Sample;
}

class CreateSample extends Migration {
  async up(): Promise<void> {
    this.addSql(`create table "unnest_insert"."sample" ("id" uuid primary key, "note" text, "bytes" bytea,
      "at" timestamptz, "flag" boolean, "details" jsonb, "origin" text not null default 'from the database')`);
    this.addSql(`create table "unnest_insert"."child" ("id" uuid primary key, "parent_id" uuid not null)`);
  }
}

describe('rows inserted by one prepared unnest statement', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openDatabase({
      url: await createTestDatabase(),
      schema: 'unnest_insert',
      entities: [Sample, Child],
      migrations: [{ name: '0001-sample', class: CreateSample }],
      log: createLogger({ service: 'kit-test', level: 'silent' }),
    });
  });
  afterAll(() => orm?.close());

  it('stores every column type as the ORM would: text with quotes, braces, commas and backslashes, bytes, times, nulls, JSON', async () => {
    const plan = UnnestInsert.plan(orm.em, Sample, { asynchronousCommit: true });
    expect(plan).toBeDefined();
    const awkward = 'a "quoted", {braced} \\ back\\slashed\nline, NULL';
    const rows = [
      Object.assign(new Sample(), {
        note: awkward,
        bytes: Buffer.from([0, 1, 0xfe, 0xff]),
        at: new Date('2026-12-05T01:02:03.456Z'),
        flag: false,
        details: { 名: '张三', list: [1, 'two'] },
        origin: 'from the row',
      }),
      Object.assign(new Sample(), { note: null, flag: true }),
      Object.assign(new Sample(), { note: 'NULL', bytes: Buffer.alloc(0) }),
    ];
    for (const part of plan?.partition(rows, (row) => row) ?? []) await plan?.insert(orm.em, part);
    const stored = await orm.em.fork().find(Sample, { id: rows.map((row) => row.id) });
    const byId = new Map(stored.map((row) => [row.id, row]));
    const [first, second, third] = rows.map((row) => byId.get(row.id));
    expect(first).toMatchObject({ note: awkward, flag: false, details: { 名: '张三', list: [1, 'two'] } });
    expect(first?.bytes).toEqual(Buffer.from([0, 1, 0xfe, 0xff]));
    expect(first?.at?.toISOString()).toBe('2026-12-05T01:02:03.456Z');
    expect(first?.origin).toBe('from the row');
    expect(second).toMatchObject({ note: null, flag: true, origin: 'from the database' });
    expect(second?.bytes ?? null).toBeNull();
    expect(third?.note).toBe('NULL');
    expect(third?.bytes).toEqual(Buffer.alloc(0));
  });

  it('splits rows by the columns they fill, so a database default is never overwritten with null', () => {
    const plan = UnnestInsert.plan(orm.em, Sample, { asynchronousCommit: false });
    const rows = [
      Object.assign(new Sample(), { origin: 'x' }),
      new Sample(),
      Object.assign(new Sample(), { origin: 'y' }),
    ];
    expect(plan?.partition(rows, (row) => row).map((part) => part.length)).toEqual([2, 1]);
  });

  it('leaves entities with relations to the ORM', () => {
    expect(UnnestInsert.plan(orm.em, Child, { asynchronousCommit: false })).toBeUndefined();
  });
});
