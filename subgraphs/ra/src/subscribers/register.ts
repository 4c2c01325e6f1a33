import type { EntityManager } from '@mikro-orm/postgresql';
import ExcelJS from 'exceljs';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { OperationLogEntry } from '../records/operation-log-entry.entity';
import { Subscriber } from './subscriber.entity';

/** One line of the subscriber register (RA-15). */
export interface RegisterRow {
  socialInsuranceNumber: string;
  unitName: string;
  organizationCode: string;
  contactName: string;
  contactPhone: string;
  /** When the first certificate was issued (YYYY-MM-DD). */
  issueDate: string;
  /** Dates of issued renewals, oldest first. */
  renewalDates: string[];
}

/** The register's columns, in the bureau's language first (it kept the register in Excel). */
export const registerColumns: { key: keyof RegisterRow; header: string }[] = [
  { key: 'socialInsuranceNumber', header: '社保编号 Social-insurance number' },
  { key: 'unitName', header: '单位名称 Unit name' },
  { key: 'organizationCode', header: '组织机构代码 Organization code' },
  { key: 'contactName', header: '联系人 Contact' },
  { key: 'contactPhone', header: '联系电话 Phone' },
  { key: 'issueDate', header: '发证日期 Issue date' },
  { key: 'renewalDates', header: '更新日期 Renewal dates' },
];

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Builds and exports the subscriber register (RA-15) for administrators. */
export class SubscriberRegister {
  async rows(em: EntityManager): Promise<RegisterRow[]> {
    const subscribers = await em.find(Subscriber, {}, { orderBy: { socialInsuranceNumber: 'asc' } });
    const applications = await em.find(
      CertificateApplication,
      { businessType: { $in: ['new', 'renewal'] }, subscriber: { $ne: null } },
      { fields: ['id', 'businessType', 'subscriber'] },
    );
    const issued = await em.find(
      OperationLogEntry,
      { operation: 'issue', applicationId: { $in: applications.map((a) => a.id) } },
      { orderBy: { sequence: 'asc' } },
    );
    const issuedAt = new Map(issued.map((e) => [e.applicationId, e.at]));
    return subscribers.map((s) => {
      const own = applications.filter((a) => a.subscriber?.id === s.id && issuedAt.has(a.id));
      const dates = (type: string) =>
        own
          .filter((a) => a.businessType === type)
          .map((a) => issuedAt.get(a.id) as Date)
          .sort((x, y) => x.getTime() - y.getTime())
          .map(day);
      return {
        socialInsuranceNumber: s.socialInsuranceNumber,
        unitName: s.name,
        organizationCode: s.organizationCode ?? '',
        contactName: s.contactName,
        contactPhone: s.contactPhone,
        issueDate: dates('new')[0] ?? '',
        renewalDates: dates('renewal'),
      };
    });
  }

  async xlsx(rows: RegisterRow[]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Tessera RA';
    const sheet = workbook.addWorksheet('订户数据库');
    sheet.columns = registerColumns.map(({ key, header }) => ({ key, header, width: Math.max(14, header.length + 2) }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of rows) sheet.addRow({ ...row, renewalDates: row.renewalDates.join(', ') });
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** CSV (RFC 4180) with a UTF-8 byte-order mark so that Excel reads the Chinese text right. */
  csv(rows: RegisterRow[]): Buffer {
    const cell = (value: string) =>
      /[",\r\n]/.test(value) || /^[=+\-@]/.test(value)
        ? `"${value.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"`
        : value;
    const lines = [
      registerColumns.map((c) => cell(c.header)).join(','),
      ...rows.map((row) =>
        registerColumns
          .map(({ key }) => cell(key === 'renewalDates' ? row.renewalDates.join('; ') : (row[key] as string)))
          .join(','),
      ),
    ];
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }
}
