import type { MikroORM } from '@mikro-orm/postgresql';
import ExcelJS from 'exceljs';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { OperationLog } from '../records/operation-log';
import { raDatabase } from '../testing/ra-database';
import { registerColumns, SubscriberRegister } from './register';
import { Subscribers } from './subscribers';

let orm: MikroORM;
const register = new SubscriberRegister();

beforeAll(async () => {
  orm = await raDatabase();
  const em = orm.em.fork();
  const unit = await new Subscribers().register(em, {
    kind: 'unit',
    socialInsuranceNumber: '140100000042',
    name: '=HYPERLINK("http://evil") 晋阳煤业',
    creditCode: '91350100M000100Y43',
    contactName: '赵六',
    contactPhone: '13800138000',
    region: '太原市',
    agency: '太原市社会保险管理中心',
  });
  const issue = async (
    businessType: 'new' | 'renewal' | 'change',
    at: string,
    notAfter: string,
    hierarchy: 'international' | 'sm2' = 'international',
  ) => {
    const application = em.create(CertificateApplication, {
      businessType,
      subscriber: unit,
      certificateNotAfter: new Date(notAfter),
      hierarchy,
    });
    await em.flush();
    await em.fork().transactional((tx) =>
      new OperationLog().append(tx, {
        at: new Date(at),
        operation: 'issue',
        applicationId: application.id,
        project: 'p',
        maker: 'm',
      }),
    );
  };
  await issue('new', '2024-03-01T08:00:00Z', '2025-03-01T08:00:00Z');
  await issue('renewal', '2025-02-20T08:00:00Z', '2026-02-20T08:00:00Z');
  await issue('renewal', '2026-02-20T08:00:00Z', '2027-02-20T08:00:00Z');
  await issue('change', '2026-06-01T08:00:00Z', '2027-06-01T08:00:00Z', 'sm2');
});
afterAll(() => orm?.close());

describe('the subscriber register (RA-15)', () => {
  it('lists each subscriber with its organization code, issue and expiry dates, current end date, renewal history and the current certificate’s algorithm (issue 14)', async () => {
    expect(await register.rows(orm.em.fork())).toEqual([
      {
        socialInsuranceNumber: '140100000042',
        unitName: '=HYPERLINK("http://evil") 晋阳煤业',
        organizationCode: 'M000100Y4',
        contactName: '赵六',
        contactPhone: '13800138000',
        issueDate: '2024-03-01',
        expiryDate: '2025-03-01',
        certificateEndDate: '2027-06-01',
        renewalDates: ['2025-02-20', '2026-02-20'],
        renewalEndDates: ['2026-02-20', '2027-02-20'],
        // The change moved the unit to 国密 (issue 14): the register shows the current certificate's.
        algorithm: '国密 SM2',
      },
    ]);
  });

  it('exports a workbook Excel opens, with the bureau’s column headers', async () => {
    const workbook = new ExcelJS.Workbook();
    const file = await register.xlsx(await register.rows(orm.em.fork()));
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('订户数据库');
    expect(sheet?.getRow(1).values).toEqual([undefined, ...registerColumns.map((c) => c.header)]);
    expect(sheet?.getRow(2).getCell(1).value).toBe('140100000042');
    expect(sheet?.getRow(2).getCell(6).value).toBe('2024-03-01');
    expect(sheet?.getRow(2).getCell(10).value).toBe('2026-02-20, 2027-02-20');
  });

  it('exports CSV with a BOM, and defuses cells Excel would run as formulas', async () => {
    const csv = register.csv(await register.rows(orm.em.fork())).toString('utf8');
    expect(csv.startsWith('\uFEFF社保编号')).toBe(true);
    const [, line] = csv.split('\r\n');
    expect(line).toBe(
      `140100000042,"'=HYPERLINK(""http://evil"") 晋阳煤业",M000100Y4,赵六,13800138000,2024-03-01,2025-03-01,2027-06-01,2025-02-20; 2026-02-20,2026-02-20; 2027-02-20,国密 SM2`,
    );
  });
});
