import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { User } from '@tessera/identity';
import { staffRoles } from '@tessera/kit';
import { Kind, parse, print as printDocument } from 'graphql';
import { pdfText } from '../../../subgraphs/ra/src/testing/pdf-text';
import { errorCodes as codes, ok } from '../harness/graph-checks';
import type { GraphResponse } from '../harness/platform';
import {
  issuedCertificate,
  officerIdNumber,
  raCounter,
  registerUnit,
  stepApplication,
  submittedAtCounter,
} from '../harness/ra-counter';

const ra = raCounter(staffRoles);
const { as, tokens } = ra;
let citizenId: string;

beforeAll(async () => {
  const em = ra.platform.identity.orm.em.fork();
  const citizen = em.create(User, { username: 'paper-citizen', kind: 'citizen', displayName: '李四' });
  await em.flush();
  citizenId = citizen.id;
  tokens.CITIZEN = await ra.platform.token({ subject: citizenId, kind: 'citizen', realNameVerified: true });
  // Consultation records keep the receiving agent's id as a UUID, as the identity subgraph's staff ids are.
  tokens.AGENT = await ra.platform.token({ subject: randomUUID(), kind: 'staff', roles: ['SERVICE_AGENT'] });
});

interface Printed {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/** The admin client's own operations for printing (its print buttons send exactly these). */
const adminOperations = parse(
  readFileSync(path.join(__dirname, '../../../clients/admin/src/operations/printed-paper.graphql'), 'utf8'),
);

function adminOperation(name: string): string {
  const operation = adminOperations.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name,
  );
  if (!operation) throw new Error(`the admin client has no operation ${name}`);
  return printDocument(operation);
}

/**
 * Asks for one printed sheet with the admin client's operation (`applicationFormPdf` is sent as
 * `ApplicationFormPdf`); checks it comes as a download of a PDF and returns it with its text.
 */
async function print(who: string, field: string, argument: string, id: string) {
  const operation = `${field.charAt(0).toUpperCase()}${field.slice(1)}`;
  const response: GraphResponse<Record<string, Printed>> = await as(who, adminOperation(operation), {
    [argument]: id,
  });
  const printed = ok(response)[field] as Printed;
  // The gateway marks an answer that carries a file as a download (document-downloads plugin).
  expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
  const bytes = Buffer.from(printed.contentBase64, 'base64');
  expect(printed.contentType).toBe('application/pdf');
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // The CJK font is embedded as a subset: the whole font file is 8 MB.
  expect(bytes.length).toBeLessThan(250_000);
  return { printed, text: await pdfText(bytes) };
}

describe('printable paper as PDF, made on the server from the RA records (issue 17 item 8; RA-10, RA-13, RA-16, CS-1)', () => {
  let organizationApplication: string;
  let certificateId: string;
  let unitName: string;
  let socialInsuranceNumber: string;

  it('prints the unit application form pre-filled from an application made at the counter (RA-10)', async () => {
    const subscriberId = await registerUnit(as);
    const { subscriber } = ok(
      await as<{ subscriber: { name: string; socialInsuranceNumber: string } }>(
        'ENTRY_CLERK',
        'query($id: UUID!) { subscriber(id: $id) { name socialInsuranceNumber } }',
        { id: subscriberId },
      ),
    );
    unitName = subscriber.name;
    socialInsuranceNumber = subscriber.socialInsuranceNumber;
    organizationApplication = await submittedAtCounter(as, subscriberId, { businessType: 'NEW' });

    const { printed, text } = await print(
      'ENTRY_CLERK',
      'applicationFormPdf',
      'applicationId',
      organizationApplication,
    );
    expect(printed.fileName).toBe(`单位证书申请（更新）表-${organizationApplication}.pdf`);
    for (const value of [
      '单位证书申请（更新）表',
      organizationApplication,
      '证书新制',
      '单位证书',
      unitName,
      socialInsuranceNumber,
      '91440300MA5F0K3R4P',
      '太原市社会保险管理中心',
      '赵六',
      '13800138000',
      '4403**********1239',
      '申请单位（盖章）',
      '经办人签名',
      '主管社保经办机构意见（盖章）',
    ]) {
      expect(text).toContain(value);
    }
    // RA-14: the officer's ID number is printed masked, never in full.
    expect(text).not.toContain(officerIdNumber);
  });

  it('prints the task completion record and the archive box label once the application is completed (RA-13, RA-16)', async () => {
    const early = await as(
      'ARCHIVE_CLERK',
      'query($id: UUID!) { taskCompletionRecordPdf(applicationId: $id) { size } }',
      {
        id: organizationApplication,
      },
    );
    expect(codes(early)).toEqual(['TASK_NOT_COMPLETED']);

    await stepApplication(as, 'AGENCY_APPROVER', organizationApplication, 'APPROVE_BY_AGENCY');
    certificateId = await issuedCertificate(ra, organizationApplication);
    await stepApplication(as, 'ISSUING_CLERK', organizationApplication, 'DELIVER');
    await stepApplication(as, 'ARCHIVE_CLERK', organizationApplication, 'ARCHIVE');
    await stepApplication(as, 'ARCHIVE_CLERK', organizationApplication, 'COMPLETE');

    const record = await print('ISSUING_CLERK', 'taskCompletionRecordPdf', 'applicationId', organizationApplication);
    expect(record.printed.fileName).toBe(`任务完成记录单-${organizationApplication}.pdf`);
    for (const value of [
      '任务完成记录单',
      organizationApplication,
      '证书新制',
      unitName,
      socialInsuranceNumber,
      '91440300MA5F0K3R4P',
      'staff-entry_clerk',
      'staff-review_clerk',
      'staff-issuing_clerk',
      'staff-archive_clerk',
      certificateId,
      '制证人员签名',
      '档案管理员签名',
    ]) {
      expect(record.text).toContain(value);
    }

    const { archivedFile } = ok(
      await as<{ archivedFile: { box: { id: string; label: string } } }>(
        'ARCHIVE_CLERK',
        'query($id: UUID!) { archivedFile(applicationId: $id) { box { id label } } }',
        { id: organizationApplication },
      ),
    );
    const label = await print('ARCHIVE_CLERK', 'archiveBoxLabelPdf', 'boxId', archivedFile.box.id);
    expect(label.printed.fileName).toBe('档案盒标签-new-0001.pdf');
    for (const value of [
      archivedFile.box.label,
      '新制',
      '第 1 号柜',
      '1 / 100',
      `${socialInsuranceNumber} 至 ${socialInsuranceNumber}`,
    ]) {
      expect(label.text).toContain(value);
    }
  });

  it('prints the change, suspension, release and revocation form with the business ticked, and the unlock form (RA-4, RA-6)', async () => {
    const subscriberId = await registerUnit(as);
    const revocation = await submittedAtCounter(as, subscriberId, {
      businessType: 'REVOCATION',
      certificateId,
      revocationReason: 'KEY_COMPROMISE',
    });
    const change = await print('REVIEW_CLERK', 'applicationFormPdf', 'applicationId', revocation);
    expect(change.printed.fileName).toBe(`单位证书变更、挂起、解挂、吊销表-${revocation}.pdf`);
    for (const value of [
      '证书变更、挂起、解挂、吊销表',
      revocation,
      '■证书吊销',
      '□证书挂起',
      certificateId,
      '密钥泄露',
    ]) {
      expect(change.text).toContain(value);
    }

    const unlock = await submittedAtCounter(as, subscriberId, {
      businessType: 'UNLOCK',
      mediumSerialNumber: 'EKEY-2026-000731',
    });
    const unlockForm = await print('ADMINISTRATOR', 'applicationFormPdf', 'applicationId', unlock);
    expect(unlockForm.printed.fileName).toBe(`数字证书解锁申请表-${unlock}.pdf`);
    for (const value of ['数字证书解锁申请表', unlock, '证书解锁', 'EKEY-2026-000731', '4403**********1239']) {
      expect(unlockForm.text).toContain(value);
    }
  });

  it('prints the personal application form for a person, with the signature box for the applicant (RA-10)', async () => {
    const personNumber = `1402${String(Date.now()).slice(-6)}`;
    const { registerSubscriber } = ok(
      await as<{ registerSubscriber: { id: string } }>(
        'ENTRY_CLERK',
        'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
        {
          input: {
            kind: 'person',
            socialInsuranceNumber: personNumber,
            name: '李四',
            contactName: '李四',
            contactPhone: '13900139000',
            region: '大同市',
            agency: '大同市社会保险管理中心',
            userId: citizenId,
          },
        },
      ),
    );
    const id = await submittedAtCounter(as, registerSubscriber.id, {
      businessType: 'NEW',
      certificateKind: 'PERSONAL',
    });
    const { printed, text } = await print('ENTRY_CLERK', 'applicationFormPdf', 'applicationId', id);
    expect(printed.fileName).toBe(`个人证书申请（更新）表-${id}.pdf`);
    for (const value of [
      '个人证书申请（更新）表',
      id,
      '证书新制',
      '个人证书',
      '李四',
      personNumber,
      '13900139000',
      '申请人签名',
    ]) {
      expect(text).toContain(value);
    }
    expect(text).not.toContain('盖章');
  });

  it('prints a server certificate on the unit form with the DNS names the review clerk approves (CT-1)', async () => {
    const subscriberId = await registerUnit(as);
    const id = await submittedAtCounter(as, subscriberId, {
      businessType: 'NEW',
      certificateKind: 'SERVER',
      dnsNames: ['ra.example.cn', 'www.example.cn'],
    });
    const { printed, text } = await print('ENTRY_CLERK', 'applicationFormPdf', 'applicationId', id);
    expect(printed.fileName).toBe(`单位证书申请（更新）表-${id}.pdf`);
    for (const value of ['服务器证书', '服务器域名', 'ra.example.cn，www.example.cn']) {
      expect(text).toContain(value);
    }
  });

  it('prints a consultation record for the service agents (CS-1)', async () => {
    const { recordConsultation } = ok(
      await as<{ recordConsultation: { id: string } }>(
        'AGENT',
        'mutation($input: RecordConsultationInput!) { recordConsultation(input: $input) { id } }',
        {
          input: {
            category: 'CERTIFICATE_LIFECYCLE',
            channel: 'PHONE',
            customerName: '王五',
            customerPhone: '13700137000',
            unitName: '太原重型机械有限公司',
            question: '证书到期前多久可以办理更新？',
            answer: '到期前九十天内可以办理更新。',
          },
        },
      ),
    );
    const { printed, text } = await print(
      'SERVICE_AGENT',
      'consultationRecordPdf',
      'consultationId',
      recordConsultation.id,
    );
    expect(printed.fileName).toBe(`咨询服务记录表-${recordConsultation.id}.pdf`);
    for (const value of [
      '咨询服务记录表',
      recordConsultation.id,
      '王五',
      '13700137000',
      '太原重型机械有限公司',
      '证书生命周期业务咨询',
      '电话咨询',
      '证书到期前多久可以办理更新？',
      '到期前九十天内可以办理更新。',
    ]) {
      expect(text).toContain(value);
    }
    expect(
      codes(
        await as('ENTRY_CLERK', 'query($id: UUID!) { consultationRecordPdf(consultationId: $id) { size } }', {
          id: recordConsultation.id,
        }),
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('denies paper to those who do not handle it, and answers unknown or malformed ids with typed errors', async () => {
    const form = 'query($id: UUID!) { applicationFormPdf(applicationId: $id) { contentBase64 } }';
    for (const who of ['SERVICE_AGENT', 'AGENCY_APPROVER', 'CITIZEN']) {
      const denied = await as(who, form, { id: organizationApplication });
      expect(codes(denied)).toEqual(['FORBIDDEN']);
      expect(denied.body.data?.applicationFormPdf ?? null).toBeNull();
    }
    const anonymous = await as('nobody', form, { id: organizationApplication });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(
      codes(
        await as('ENTRY_CLERK', 'query($id: UUID!) { archiveBoxLabelPdf(boxId: $id) { size } }', { id: randomUUID() }),
      ),
    ).toEqual(['FORBIDDEN']);

    const unknown = randomUUID();
    expect(codes(await as('ENTRY_CLERK', form, { id: unknown }))).toEqual(['APPLICATION_NOT_FOUND']);
    expect(
      codes(
        await as('ARCHIVE_CLERK', 'query($id: UUID!) { taskCompletionRecordPdf(applicationId: $id) { size } }', {
          id: unknown,
        }),
      ),
    ).toEqual(['APPLICATION_NOT_FOUND']);
    expect(
      codes(
        await as('ARCHIVE_CLERK', 'query($id: UUID!) { archiveBoxLabelPdf(boxId: $id) { size } }', { id: unknown }),
      ),
    ).toEqual(['ARCHIVE_BOX_NOT_FOUND']);
    expect(
      codes(
        await as('SERVICE_AGENT', 'query($id: UUID!) { consultationRecordPdf(consultationId: $id) { size } }', {
          id: unknown,
        }),
      ),
    ).toEqual(['CONSULTATION_NOT_FOUND']);

    const malformed = await as('ENTRY_CLERK', form, { id: 'not-an-id' });
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
  });
});
