import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, loadConfig, messageFor, startModuleHarness, withScope } from '@tessera/kit';
import { certificate } from '../index';
import { staffViewer } from '../testing/graph-harness';
import { openTestDatabase } from '../testing/test-database';
import { Certificate } from './certificate.entity';
import { exactNameCondition, searchByNumber, searchBySubject } from './certificate-search';

describe('public status query by subject name (CT-2)', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openTestDatabase();
  });
  afterAll(() => orm.close());

  it('CT-2: a partial subject match can use the trigram index instead of scanning every certificate', async () => {
    const plan = await orm.em.fork().transactional(async (em) => {
      // The table is empty here, so the planner is told not to prefer a scan; at scale it does so itself.
      await em.execute('set local enable_seqscan = off');
      return em.execute<{ 'QUERY PLAN': string }[]>(
        `explain select id from "certificate"."certificate" where subject ilike '%shanxi unit%'`,
      );
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('certificate_subject_trgm_index');
  });

  it('CT-2: an exact match compares a name (the CN or the O), looked up in their indexes', async () => {
    const em = orm.em.fork();
    // The condition the status query runs, so the test fails if it stops matching the indexes.
    const plan = await em.transactional(async (tx) => {
      await tx.execute('set local enable_seqscan = off');
      return tx.execute<{ 'QUERY PLAN': string }[]>(
        `explain select id from "certificate"."certificate" where ${exactNameCondition}`,
        ['张三', '张三'],
      );
    });
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain('certificate_subject_cn_index');
    expect(text).toContain('certificate_subject_o_index');
  });

  it('CT-2: exact finds a person by name and a unit by name, not by part of one or by the whole DN; partial finds any part', async () => {
    const em = orm.em.fork();
    const row = (serialNumber: string, subject: string, kind: Certificate['kind'] = 'personal') =>
      em.create(Certificate, {
        serialNumber,
        subject,
        kind,
        usage: 'signing',
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2027-01-01T00:00:00Z'),
      });
    row('e1', 'CN=张三,OU=个人证书,C=CN');
    row('e2', 'CN=张三丰,OU=个人证书,C=CN');
    row('e3', 'CN=经办人1,O=晋城测试单位,C=CN', 'organization');
    row('e4', 'CN=经办人2, O=晋城测试单位, C=CN', 'organization');
    row('e5', 'CN=Ops,O=Acme\\, Ltd,C=CN', 'organization');
    await em.flush();
    const serials = async (term: string, match: 'exact' | 'partial') => {
      const [rows, total] = await searchBySubject(orm.em.fork(), term, match, { first: 20, offset: 0 });
      expect(total).toBe(rows.length);
      return rows.map((c) => c.serialNumber).sort();
    };
    expect(await serials('张三', 'exact')).toEqual(['e1']);
    expect(await serials('张', 'exact')).toEqual([]);
    expect(await serials('CN=张三,OU=个人证书,C=CN', 'exact')).toEqual([]);
    expect(await serials('晋城测试单位', 'exact')).toEqual(['e3', 'e4']);
    expect(await serials('经办人2', 'exact')).toEqual(['e4']);
    expect(await serials('Acme, Ltd', 'exact')).toEqual(['e5']);
    expect(await serials('个人证书', 'exact')).toEqual([]);
    expect(await serials('张三', 'partial')).toEqual(['e1', 'e2']);
    expect(await serials('晋城', 'partial')).toEqual(['e3', 'e4']);
  });

  it("CT-2: the query by a subscriber's number looks its social-insurance number and credit code up in their indexes", async () => {
    const em = orm.em.fork();
    const { sql, bindings } = em
      .createQueryBuilder(Certificate)
      .select('id')
      .where({ $or: [{ insuranceNumber: '1401' }, { creditCode: '1401' }] })
      .getKnexQuery()
      .toSQL();
    const plan = await em.transactional(async (tx) => {
      await tx.execute('set local enable_seqscan = off');
      return tx.execute<{ 'QUERY PLAN': string }[]>(`explain ${sql}`, [...bindings]);
    });
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain('certificate_insurance_number_index');
    expect(text).toContain('certificate_credit_code_index');
  });

  it('issue 16: a page and its total come from one prepared statement, the total kept past the last page (CT-2)', async () => {
    const em = orm.em.fork();
    for (const n of [1, 2, 3]) {
      em.create(Certificate, {
        serialNumber: `one-statement-${n}`,
        subject: `CN=一句话${n},O=一句话单位,C=CN`,
        kind: 'personal',
        usage: 'signing',
        insuranceNumber: 'ONE-STATEMENT-1',
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date(`2027-0${n}-01T00:00:00Z`),
        issuedAt: new Date('2026-01-01T00:00:00Z'),
      });
    }
    await em.flush();
    const log = createLogger({ service: 'certificate-test', level: 'silent' });
    const counted = async <T>(search: () => Promise<T>) => {
      const scope = { requestId: 'one-statement', locale: 'zh-CN' as const, log, sqlStatements: 0 };
      const result = await withScope(scope, search);
      return { result, statements: scope.sqlStatements };
    };
    const page = await counted(() => searchBySubject(orm.em.fork(), '一句话', 'partial', { first: 2, offset: 0 }));
    expect(page.statements).toBe(1);
    const [rows, total] = page.result;
    expect(total).toBe(3);
    // Newest validity first, as plain rows with dates.
    expect(rows.map((row) => row.serialNumber)).toEqual(['one-statement-3', 'one-statement-2']);
    expect(rows[0]?.notAfter).toEqual(new Date('2027-03-01T00:00:00Z'));
    const past = await counted(() => searchBySubject(orm.em.fork(), '一句话单位', 'exact', { first: 2, offset: 5 }));
    // Past the last page there is no row to carry the total: it is counted apart.
    expect(past).toEqual({ result: [[], 3], statements: 2 });
    const byNumber = await counted(() => searchByNumber(orm.em.fork(), 'one-statement-1', { first: 20, offset: 2 }));
    expect(byNumber.statements).toBe(1);
    expect(byNumber.result[0].map((row) => row.serialNumber)).toEqual(['one-statement-1']);
    expect(byNumber.result[1]).toBe(3);
  });
});

describe('rate limit of the public status query (CT-2)', () => {
  it('CT-2: anonymous searches over the per-address budget are refused with a typed, localised error; staff are not limited', async () => {
    const orm = await openTestDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tessera-certificate-'));
    const graph = await startModuleHarness(certificate, orm, {
      config: loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, CERTIFICATE_STATUS_RATE_LIMIT: '3' }),
      log: createLogger({ service: 'certificate-test', level: 'warn' }),
    });
    try {
      const query = 'query { certificateStatus(subject: "Shanxi") { total } }';
      for (let i = 0; i < 3; i++) expect((await graph.execute(query)).errors).toBeUndefined();
      const refused = await graph.execute(query);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'CERTIFICATE_STATUS_RATE_LIMITED',
        retryAfterSeconds: expect.any(Number),
      });
      expect(refused.errors?.[0]?.message).toMatch(/^Too many certificate status queries; try again in \d+ s$/);
      expect(messageFor('CERTIFICATE_STATUS_RATE_LIMITED', 'zh-CN', { retryAfterSeconds: 60 })).toBe(
        '证书状态查询过于频繁，请60秒后再试',
      );
      expect((await graph.execute(query, staffViewer())).errors).toBeUndefined();
      // The query by number draws on the same budget (issue 14 item 5).
      const byNumber = await graph.execute('query { certificateStatusByNumber(number: "1401") { total } }');
      expect(byNumber.errors?.[0]?.extensions?.code).toBe('CERTIFICATE_STATUS_RATE_LIMITED');
      expect(
        (await graph.execute('query { certificateStatusByNumber(number: "1401") { total } }', staffViewer())).data,
      ).toEqual({
        certificateStatusByNumber: { total: 0 },
      });
    } finally {
      await graph.close();
      await orm.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
