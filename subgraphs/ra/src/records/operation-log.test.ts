import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, withScope } from '@tessera/kit';
import { raDatabase } from '../testing/ra-database';
import { entryHash, genesisHash, OperationLog } from './operation-log';
import { OperationLogEntry } from './operation-log-entry.entity';

let orm: MikroORM;
const log = new OperationLog();

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

async function append(n: number) {
  for (let i = 0; i < n; i++) {
    await orm.em.fork().transactional((tx) =>
      log.append(tx, {
        at: new Date(Date.UTC(2026, 10, 23, 8, 0, i)),
        operation: 'enter',
        region: '太原市',
        project: 'social-insurance-certificates',
        businessType: 'new',
        unitName: '晋阳煤业',
        socialInsuranceNumber: `14010${i}`,
        idNumber: '4403**********1239',
        idNumberIndex: 'keyed-hash-of-the-id-number',
        maker: 'entry-1',
        reviewer: undefined,
      }),
    );
  }
}

describe('the operation log (RA-14)', () => {
  it('chains every entry to the one before, from the genesis hash', async () => {
    await append(5);
    const entries = await orm.em.fork().find(OperationLogEntry, {}, { orderBy: { sequence: 'asc' } });
    expect(entries[0]?.previousHash).toBe(genesisHash);
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.previousHash).toBe(entries[i - 1]?.hash);
    await expect(log.verify(orm.em.fork())).resolves.toEqual({ intact: true, checked: 5, anchorsChecked: 0 });
  });

  it('keeps one chain when entries are appended concurrently', async () => {
    await Promise.all([append(3), append(3), append(3)]);
    await expect(log.verify(orm.em.fork(), 4)).resolves.toMatchObject({ intact: true, checked: 14 });
  });

  it('RA-14: appends in one SQL statement, with the same hash entryHash gives (issue 16 goal 6)', async () => {
    const scope = {
      requestId: 'one-statement',
      locale: 'zh-CN' as const,
      log: createLogger({ service: 'ra-test', level: 'silent' }),
      sqlStatements: 0,
    };
    const record = {
      at: new Date('2026-11-23T08:00:00.123Z'),
      operation: 'approve',
      applicationId: '6f1c2a53-3c4e-4d0a-9a57-3b1f8e2d9c10',
      region: '太原市',
      project: 'social-insurance-certificates',
      unitName: '晋阳煤业 "一号井"\\',
      maker: 'review-1',
      reviewer: 'review-1',
      detail: 'enrollment: 说明',
      idNumberIndex: 'keyed',
    };
    const appended = await withScope(scope, () => orm.em.fork().transactional((tx) => log.append(tx, record)));
    expect(scope.sqlStatements).toBe(1);
    expect(appended.hash).toBe(entryHash(appended.previousHash, record));
    const [stored] = await orm.em.fork().find(OperationLogEntry, { sequence: appended.sequence });
    expect(stored).toMatchObject({ ...record, hash: appended.hash, previousHash: appended.previousHash });
    await expect(log.verify(orm.em.fork())).resolves.toMatchObject({ intact: true });
  });

  it('RA-14: appends with the change it records, in one statement, and not at all when the change found nothing', async () => {
    const record = {
      at: new Date('2026-11-23T09:00:00Z'),
      operation: 'enter',
      project: 'social-insurance-certificates',
      maker: 'entry-1',
    };
    const before = await orm.em.fork().count(OperationLogEntry);
    const change = (id: number) => ({ sql: 'select ?::int as "id" where ?::int = 1', bindings: [id, id] });
    await expect(
      orm.em.fork().transactional((tx) => log.appendWith<{ id: number }>(tx, record, change(2))),
    ).resolves.toBeNull();
    expect(await orm.em.fork().count(OperationLogEntry)).toBe(before);
    const appended = await orm.em.fork().transactional((tx) => log.appendWith<{ id: number }>(tx, record, change(1)));
    expect(appended?.changed).toEqual({ id: 1 });
    expect(appended?.hash).toBe(entryHash(appended?.previousHash ?? '', record));
    expect(await orm.em.fork().count(OperationLogEntry)).toBe(before + 1);
    await expect(log.verify(orm.em.fork())).resolves.toMatchObject({ intact: true });
  });

  it('is append-only in the database itself', async () => {
    await expect(
      orm.em.getConnection().execute(`update "ra"."operation_log_entry" set maker = 'someone else'`),
    ).rejects.toThrow(/append-only/);
    await expect(orm.em.getConnection().execute(`delete from "ra"."operation_log_entry"`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('reports the first broken link when a line was tampered with behind its back', async () => {
    const connection = orm.em.getConnection();
    await connection.execute(
      'alter table "ra"."operation_log_entry" disable trigger "operation_log_entry_append_only"',
    );
    try {
      const [third] = await orm.em
        .fork()
        .find(OperationLogEntry, {}, { orderBy: { sequence: 'asc' }, offset: 2, limit: 1 });
      await connection.execute(`update "ra"."operation_log_entry" set maker = 'forger' where sequence = ?`, [
        third?.sequence,
      ]);
      await expect(log.verify(orm.em.fork())).resolves.toEqual({
        intact: false,
        checked: 2,
        firstBrokenSequence: String(third?.sequence),
        anchorsChecked: 0,
      });
    } finally {
      await connection.execute(
        'alter table "ra"."operation_log_entry" enable trigger "operation_log_entry_append_only"',
      );
    }
  });

  it('RA-14: chains the ID number (mask and keyed hash), never confusing the keyed hash with a detail', () => {
    const base = { at: new Date('2026-11-23T08:00:00Z'), operation: 'enter', project: 'p', maker: 'm' };
    const entry = { ...base, idNumber: '4403**********1239', idNumberIndex: 'abc' };
    expect(entryHash(genesisHash, entry)).not.toBe(entryHash(genesisHash, { ...entry, idNumberIndex: 'abd' }));
    expect(entryHash(genesisHash, entry)).not.toBe(
      entryHash(genesisHash, { ...entry, idNumber: '4403**********1230' }),
    );
    expect(entryHash(genesisHash, { ...base, detail: 'abc' })).not.toBe(
      entryHash(genesisHash, { ...base, idNumberIndex: 'abc' }),
    );
  });
});
