import type { EntityManager } from '@mikro-orm/postgresql';
import type { CaHierarchyName } from '@tessera/kit';
import ExcelJS from 'exceljs';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { OperationLogEntry } from '../records/operation-log-entry.entity';
import { issuingTypes } from '../workflow/workflow';
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
  /** When that first certificate expires. */
  expiryDate: string;
  /** When the subscriber's current certificate (the latest issued, renewals included) ends. */
  certificateEndDate: string;
  /** Dates of issued renewals, oldest first. */
  renewalDates: string[];
  /** The end date each of those renewals gave, in the same order. */
  renewalEndDates: string[];
  /** The hierarchy of the current certificate (issue 14): 国际 RSA/ECC or 国密 SM2. */
  algorithm: string;
}

type ListColumn = 'renewalDates' | 'renewalEndDates';

/** The register's columns, in the bureau's language first (it kept the register in Excel). */
export const registerColumns: { key: keyof RegisterRow; header: string }[] = [
  { key: 'socialInsuranceNumber', header: '社保编号 Social-insurance number' },
  { key: 'unitName', header: '单位名称 Unit name' },
  { key: 'organizationCode', header: '组织机构代码 Organization code' },
  { key: 'contactName', header: '联系人 Contact' },
  { key: 'contactPhone', header: '联系电话 Phone' },
  { key: 'issueDate', header: '发证日期 Issue date' },
  { key: 'expiryDate', header: '到期日期 Expiry date' },
  { key: 'certificateEndDate', header: '证书截止日期 Certificate end date' },
  { key: 'renewalDates', header: '更新日期 Renewal dates' },
  { key: 'renewalEndDates', header: '更新后截止日期 New end dates' },
  { key: 'algorithm', header: '证书算法 Algorithm' },
];

/** How the register names each hierarchy, in the bureau's words first. */
const algorithmLabels: Record<CaHierarchyName, string> = {
  international: '国际 RSA/ECC International',
  sm2: '国密 SM2',
};

const listColumns: ReadonlySet<keyof RegisterRow> = new Set<ListColumn>(['renewalDates', 'renewalEndDates']);

const day = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : '');

/** A cell's text: list columns joined by `separator`. */
function text(row: RegisterRow, key: keyof RegisterRow, separator: string): string {
  return listColumns.has(key) ? row[key as ListColumn].join(separator) : (row[key] as string);
}

/** Builds and exports the subscriber register (RA-15) for administrators. */
export class SubscriberRegister {
  async rows(em: EntityManager): Promise<RegisterRow[]> {
    const subscribers = await em.find(Subscriber, {}, { orderBy: { socialInsuranceNumber: 'asc' } });
    const applications = await em.find(
      CertificateApplication,
      { businessType: { $in: [...issuingTypes] }, subscriber: { $ne: null } },
      { fields: ['id', 'businessType', 'subscriber', 'certificateNotAfter', 'hierarchy'] },
    );
    const issued = await em.find(
      OperationLogEntry,
      { operation: 'issue', applicationId: { $in: applications.map((a) => a.id) } },
      { orderBy: { sequence: 'asc' } },
    );
    const issuedAt = new Map(issued.map((e) => [e.applicationId, e.at]));
    return subscribers.map((s) => {
      const own = applications
        .filter((a) => a.subscriber?.id === s.id && issuedAt.has(a.id))
        .map((a) => ({
          type: a.businessType,
          at: issuedAt.get(a.id) as Date,
          notAfter: a.certificateNotAfter,
          hierarchy: a.hierarchy,
        }))
        .sort((x, y) => x.at.getTime() - y.at.getTime());
      const first = own.find((a) => a.type === 'new');
      const renewals = own.filter((a) => a.type === 'renewal');
      const current = own[own.length - 1];
      return {
        socialInsuranceNumber: s.socialInsuranceNumber,
        unitName: s.name,
        organizationCode: s.organizationCode ?? '',
        contactName: s.contactName,
        contactPhone: s.contactPhone,
        issueDate: day(first?.at),
        expiryDate: day(first?.notAfter),
        certificateEndDate: day(current?.notAfter),
        renewalDates: renewals.map((r) => day(r.at)),
        renewalEndDates: renewals.map((r) => day(r.notAfter)),
        algorithm: current ? algorithmLabels[current.hierarchy as CaHierarchyName] : '',
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
    for (const row of rows) {
      sheet.addRow(Object.fromEntries(registerColumns.map(({ key }) => [key, text(row, key, ', ')])));
    }
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
      ...rows.map((row) => registerColumns.map(({ key }) => cell(text(row, key, '; '))).join(',')),
    ];
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }
}
