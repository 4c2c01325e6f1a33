import { Certificate } from '@tessera/certificate';
import { User } from '@tessera/identity';
import type { StaffRole } from '@tessera/kit';
import { GraphqlCertificateAuthority } from '@tessera/ra';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { pdfFile } from '../../../subgraphs/ra/src/testing/document-files';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import { errorCodes as codes, ok } from '../harness/graph-checks';
import { enrollmentCodes, officerIdNumber, raCounter, redeemCodes, registerUnit } from '../harness/ra-counter';

const staffRoles: StaffRole[] = [
  'ENTRY_CLERK',
  'REVIEW_CLERK',
  'ISSUING_CLERK',
  'ARCHIVE_CLERK',
  'AGENCY_APPROVER',
  'SERVICE_AGENT',
  'ADMINISTRATOR',
  'AUDITOR',
];
const ra = raCounter(staffRoles);
const { as, tokens } = ra;
let citizenId: string;
let otherCitizenId: string;

beforeAll(async () => {
  const platform = ra.platform;
  tokens.ENTRY_AND_REVIEW = await platform.token({
    subject: 'staff-both',
    kind: 'staff',
    roles: ['ENTRY_CLERK', 'REVIEW_CLERK'],
  });
  const em = platform.identity.orm.em.fork();
  const citizen = em.create(User, { username: 'lisi', kind: 'citizen', displayName: '李四' });
  const other = em.create(User, { username: 'wangwu', kind: 'citizen', displayName: '王五' });
  await em.flush();
  citizenId = citizen.id;
  otherCitizenId = other.id;
  tokens.CITIZEN = await platform.token({ subject: citizenId, kind: 'citizen', realNameVerified: true });
  tokens.OTHER_CITIZEN = await platform.token({ subject: otherCitizenId, kind: 'citizen', realNameVerified: true });
  tokens.UNVERIFIED_CITIZEN = await platform.token({ subject: otherCitizenId, kind: 'citizen' });
});

const pdf = pdfFile('business licence').toString('base64');

const stepMutation = `mutation($input: ApplicationStepInput!) {
  stepApplication(input: $input) { id state version nextSteps rejectionReason }
}`;

async function version(id: string): Promise<number> {
  const current = ok(
    await as<{ application: { version: number } }>(
      'ADMINISTRATOR',
      'query($id: UUID!) { application(id: $id) { version } }',
      { id },
    ),
  );
  return current.application.version;
}

async function step(who: string, id: string, event: string, extra: Record<string, unknown> = {}) {
  return as<{ stepApplication: { state: string; version: number; nextSteps: string[] } }>(who, stepMutation, {
    input: { applicationId: id, event, expectedVersion: await version(id), ...extra },
  });
}

describe('an organization certificate through the four-eyes workflow (RA-1, RA-10, RA-11, RA-13, RA-14, RA-16)', () => {
  it('goes from the counter to a completed task, with every rule enforced on the way', async () => {
    const subscriberId = await registerUnit(as);
    const submitted = ok(
      await as<{ submitApplication: { id: string; state: string; nextSteps: string[] } }>(
        'ENTRY_AND_REVIEW',
        `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id state nextSteps } }`,
        { input: { subscriberId, businessType: 'NEW', certificateKind: 'ORGANIZATION', idNumber: officerIdNumber } },
      ),
    ).submitApplication;
    expect(submitted).toMatchObject({ state: 'SUBMITTED', nextSteps: ['APPROVE_BY_AGENCY', 'REJECT_BY_AGENCY'] });
    const id = submitted.id;

    ok(await step('AGENCY_APPROVER', id, 'APPROVE_BY_AGENCY'));
    expect(codes(await step('ENTRY_AND_REVIEW', id, 'ENTER'))).toEqual(['DOCUMENTS_INCOMPLETE']);

    const { application } = ok(
      await as<{ application: { documents: { documentType: string }[] } }>(
        'ENTRY_CLERK',
        'query($id: UUID!) { application(id: $id) { documents { documentType } } }',
        { id },
      ),
    );
    expect(application.documents.map((d) => d.documentType)).toEqual([
      'application_form',
      'organization_code_certificate',
      'business_license',
      'officer_id',
    ]);
    const uploaded = ok(
      await as<{ uploadDocument: { sha256: string; contentType: string } }>(
        'ENTRY_CLERK',
        'mutation($input: UploadDocumentInput!) { uploadDocument(input: $input) { sha256 contentType } }',
        { input: { applicationId: id, documentType: 'business_license', contentBase64: pdf } },
      ),
    );
    expect(uploaded.uploadDocument).toMatchObject({
      contentType: 'application/pdf',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const readBack = ok(
      await as<{ documentFile: { sha256: string; contentBase64: string } }>(
        'REVIEW_CLERK',
        'query($input: DocumentInput!) { documentFile(input: $input) { sha256 contentBase64 } }',
        { input: { applicationId: id, documentType: 'business_license' } },
      ),
    );
    expect(readBack.documentFile).toEqual({ sha256: uploaded.uploadDocument.sha256, contentBase64: pdf });
    const notAFile = await as(
      'ENTRY_CLERK',
      'mutation($input: UploadDocumentInput!) { uploadDocument(input: $input) { sha256 } }',
      {
        input: {
          applicationId: id,
          documentType: 'officer_id',
          contentBase64: Buffer.from('MZ executable').toString('base64'),
        },
      },
    );
    expect(codes(notAFile)).toEqual(['DOCUMENT_TYPE_UNSUPPORTED']);
    for (const documentType of application.documents.map((d) => d.documentType)) {
      ok(
        await as('ENTRY_AND_REVIEW', 'mutation($input: DocumentInput!) { checkDocument(input: $input) { checked } }', {
          input: { applicationId: id, documentType },
        }),
      );
    }
    ok(await step('ENTRY_AND_REVIEW', id, 'ENTER'));

    const selfReview = await step('ENTRY_AND_REVIEW', id, 'APPROVE');
    expect(codes(selfReview)).toEqual(['FOUR_EYES_REQUIRED']);
    expect(codes(await step('ISSUING_CLERK', id, 'APPROVE'))).toEqual(['FORBIDDEN']);
    // RA item 16: a committed step comes back without errors though its selection names the issuing clerk's code.
    const approved = ok(
      await as<{ stepApplication: { state: string; authorizationCode: string | null } }>(
        'REVIEW_CLERK',
        'mutation($input: ApplicationStepInput!) { stepApplication(input: $input) { state authorizationCode } }',
        { input: { applicationId: id, event: 'APPROVE', expectedVersion: await version(id) } },
      ),
    );
    expect(approved.stepApplication).toEqual({ state: 'APPROVED', authorizationCode: null });
    const enrollment = await enrollmentCodes(as, id);
    expect(enrollment).toMatchObject({ referenceCode: expect.any(String), authorizationCode: expect.any(String) });
    const hidden = ok(
      await as<{ application: { authorizationCode: string | null } }>(
        'REVIEW_CLERK',
        'query($id: UUID!) { application(id: $id) { authorizationCode } }',
        { id },
      ),
    );
    expect(hidden.application.authorizationCode).toBeNull();
    // RA item 14: the RA asks the certificate subgraph what was issued; before the codes are redeemed, nothing was.
    expect(codes(await step('ISSUING_CLERK', id, 'ISSUE'))).toEqual(['CERTIFICATE_NOT_ISSUED']);
    ok(await redeemCodes(ra.platform.gateway.url, enrollment, (await subscriberRequest()).csr));
    ok(await step('ISSUING_CLERK', id, 'ISSUE'));
    const afterIssue = ok(
      await as<{ application: { authorizationCode: string | null } }>(
        'ISSUING_CLERK',
        'query($id: UUID!) { application(id: $id) { authorizationCode } }',
        { id },
      ),
    );
    expect(afterIssue.application.authorizationCode).toBeNull();
    ok(await step('ISSUING_CLERK', id, 'DELIVER'));
    ok(await step('ARCHIVE_CLERK', id, 'ARCHIVE'));
    const completed = ok(await step('ARCHIVE_CLERK', id, 'COMPLETE')).stepApplication;
    expect(completed).toMatchObject({ state: 'COMPLETED', nextSteps: [] });

    const archived = ok(
      await as<{ application: { archiveLocation: { label: string; cabinet: number } } }>(
        'ARCHIVE_CLERK',
        'query($id: UUID!) { application(id: $id) { archiveLocation { label box cabinet } } }',
        { id },
      ),
    );
    expect(archived.application.archiveLocation).toMatchObject({ label: '新制-0001 (柜 1)', cabinet: 1 });
    const { archivedFile } = ok(
      await as<{ archivedFile: { position: number; box: { id: string; label: string } } }>(
        'AUDITOR',
        'query($id: UUID!) { archivedFile(applicationId: $id) { position box { id label } } }',
        { id },
      ),
    );
    expect(archivedFile).toMatchObject({ position: 1, box: { label: '新制-0001 (柜 1)' } });
    const { archiveBox } = ok(
      await as<{ archiveBox: { files: { application: { id: string } }[]; printLabel: { title: string } } }>(
        'ARCHIVE_CLERK',
        'query($id: UUID!) { archiveBox(id: $id) { files { application { id } } printLabel { title fileCount } } }',
        { id: archivedFile.box.id },
      ),
    );
    expect(archiveBox.files.map((f) => f.application.id)).toEqual([id]);
    expect(archiveBox.printLabel).toMatchObject({ title: '新制-0001 (柜 1)', fileCount: 1 });
    const { taskCompletionRecords } = ok(
      await as<{
        taskCompletionRecords: { records: { application: { id: string }; steps: { reviewedBy: string } }[] };
      }>(
        'AUDITOR',
        `query($clerk: String) {
          taskCompletionRecords(filter: { clerk: $clerk, businessType: NEW }) {
            total records { application { id } steps { reviewedBy } }
          }
        }`,
        { clerk: 'staff-review_clerk' },
      ),
    );
    expect(taskCompletionRecords.records).toEqual([
      { application: { id }, steps: { reviewedBy: 'staff-review_clerk' } },
    ]);

    const log = ok(
      await as<{ operationLog: { operation: string; maker: string; idNumber: string | null }[] }>(
        'AUDITOR',
        'query($id: UUID) { operationLog(applicationId: $id) { operation maker reviewer idNumber } }',
        { id },
      ),
    );
    // RA-14: every entry records the officer's ID number, shown masked; an auditor finds them by the number.
    expect(new Set(log.operationLog.map((e) => e.idNumber))).toEqual(new Set(['4403**********1239']));
    const byIdNumber = ok(
      await as<{ operationLog: { applicationId: string }[] }>(
        'AUDITOR',
        'query($n: String) { operationLog(idNumber: $n, first: 500) { applicationId } }',
        { n: officerIdNumber },
      ),
    );
    expect(byIdNumber.operationLog.filter((e) => e.applicationId === id)).toHaveLength(log.operationLog.length);
    const { application: masked } = ok(
      await as<{ application: { idNumber: string } }>(
        'REVIEW_CLERK',
        'query($id: UUID!) { application(id: $id) { idNumber } }',
        {
          id,
        },
      ),
    );
    expect(masked.idNumber).toBe('4403**********1239');
    expect(log.operationLog.map((e) => e.operation).reverse()).toEqual([
      'submit',
      'approve_by_agency',
      'enter',
      'approve',
      'issue',
      'deliver',
      'archive',
      'complete',
    ]);
    expect(ok(await as('AUDITOR', '{ verifyOperationLog { intact checked firstBrokenSequence } }'))).toMatchObject({
      verifyOperationLog: { intact: true, firstBrokenSequence: null },
    });
  });

  it('refuses a step taken on a stale view (optimistic locking)', async () => {
    const subscriberId = await registerUnit(as);
    const { submitApplication } = ok(
      await as<{ submitApplication: { id: string; version: number } }>(
        'ENTRY_CLERK',
        `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id version } }`,
        { input: { subscriberId, businessType: 'NEW', certificateKind: 'ORGANIZATION', idNumber: officerIdNumber } },
      ),
    );
    const stale = { applicationId: submitApplication.id, expectedVersion: submitApplication.version };
    ok(await as('AGENCY_APPROVER', stepMutation, { input: { ...stale, event: 'APPROVE_BY_AGENCY' } }));
    const late = await as('AGENCY_APPROVER', stepMutation, {
      input: { ...stale, event: 'REJECT_BY_AGENCY', reason: 'x' },
    });
    expect(codes(late)).toEqual(['CONFLICT']);
  });
});

describe('a suspension (RA-5)', () => {
  it('shows the date the suspension will be released automatically, six months after it took effect', async () => {
    // RA item 16: only a certificate in use can be suspended.
    const { certificate } = await seedCitizenWithCertificate(ra.platform, 'suspended-holder', { issued: true });
    const subscriberId = await registerUnit(as);
    const { submitApplication } = ok(
      await as<{ submitApplication: { id: string } }>(
        'ENTRY_CLERK',
        `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`,
        {
          input: {
            subscriberId,
            idNumber: officerIdNumber,
            businessType: 'SUSPENSION',
            certificateKind: 'ORGANIZATION',
            certificateId: certificate.id,
          },
        },
      ),
    );
    const id = submitApplication.id;
    for (const documentType of ['change_form', 'organization_code_certificate', 'business_license', 'officer_id']) {
      ok(
        await as('ENTRY_CLERK', 'mutation($input: DocumentInput!) { checkDocument(input: $input) { checked } }', {
          input: { applicationId: id, documentType },
        }),
      );
    }
    ok(await step('ENTRY_CLERK', id, 'ENTER'));
    ok(await step('REVIEW_CLERK', id, 'APPROVE'));
    const before = Date.now();
    ok(await step('ISSUING_CLERK', id, 'EXECUTE'));
    const { application } = ok(
      await as<{ application: { suspensionReleaseDate: string } }>(
        'REVIEW_CLERK',
        'query($id: UUID!) { application(id: $id) { suspensionReleaseDate } }',
        { id },
      ),
    );
    const release = new Date(application.suspensionReleaseDate);
    const expected = new Date(before);
    expected.setUTCMonth(expected.getUTCMonth() + 6);
    expect(Math.abs(release.getTime() - expected.getTime())).toBeLessThan(3 * 24 * 3600 * 1000);
  });
});

/** The code of a GraphQL answer with errors, as graphql-request throws it. */
const answerCode = (error: { response?: { errors?: { extensions?: { code?: string } }[] } }) =>
  error.response?.errors?.[0]?.extensions?.code;

describe('the RA outbox repeating a status change after a lost answer (RA item 12, RA-5)', () => {
  it('hears the certificate subgraph say the work is done, and can still read the validity a suspension needs', async () => {
    const { certificate } = await seedCitizenWithCertificate(ra.platform, 'repeated-suspension');
    await ra.platform.certificate.orm.em
      .fork()
      .nativeUpdate(Certificate, { id: certificate.id }, { issuedAt: certificate.notBefore });
    const authority = new GraphqlCertificateAuthority(ra.platform.certificate.url, {
      token: () => ra.platform.token({ subject: 'ra', kind: 'service' }),
    });
    await authority.suspend(certificate.id);
    const repeat = await authority.suspend(certificate.id).catch(answerCode);
    expect(repeat).toBe('CERTIFICATE_ALREADY_SUSPENDED');
    expect(await authority.validity(certificate.id)).toEqual({ notAfter: certificate.notAfter });
    await authority.release(certificate.id);
    expect(await authority.release(certificate.id).catch(answerCode)).toBe('CERTIFICATE_NOT_SUSPENDED');
  });
});

describe('a citizen applying online', () => {
  it('needs a real-name verified account (RA item 1, ID-3)', async () => {
    const refused = await as(
      'UNVERIFIED_CITIZEN',
      `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }`,
      {
        input: {
          kind: 'person',
          socialInsuranceNumber: '140100900002',
          name: '王五',
          contactName: '王五',
          contactPhone: '13900139001',
          region: '太原市',
          agency: '太原市社会保险管理中心',
        },
      },
    );
    expect(codes(refused)).toEqual(['REAL_NAME_REQUIRED']);
  });

  it('registers as a person subscriber, applies, and sees the application; nobody else does', async () => {
    const { registerSubscriber } = ok(
      await as<{ registerSubscriber: { id: string } }>(
        'CITIZEN',
        `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }`,
        {
          input: {
            kind: 'person',
            socialInsuranceNumber: '140100900001',
            name: '李四',
            contactName: '李四',
            contactPhone: '13900139000',
            region: '太原市',
            agency: '太原市社会保险管理中心',
          },
        },
      ),
    );
    const { submitApplication } = ok(
      await as<{ submitApplication: { id: string } }>(
        'CITIZEN',
        `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`,
        {
          input: {
            subscriberId: registerSubscriber.id,
            businessType: 'NEW',
            certificateKind: 'PERSONAL',
            idNumber: officerIdNumber,
          },
        },
      ),
    );
    const mine = ok(
      await as<{ me: { applications: { id: string; state: string }[] } }>(
        'CITIZEN',
        '{ me { applications { id state } } }',
      ),
    );
    expect(mine.me.applications).toEqual([{ id: submitApplication.id, state: 'SUBMITTED' }]);

    const stolen = await as(
      'OTHER_CITIZEN',
      `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`,
      {
        input: {
          subscriberId: registerSubscriber.id,
          businessType: 'REVOCATION',
          certificateKind: 'PERSONAL',
          idNumber: officerIdNumber,
        },
      },
    );
    expect(codes(stolen)).toEqual(['NOT_YOUR_SUBSCRIBER']);
    const peek = await as('OTHER_CITIZEN', 'query($id: UUID!) { application(id: $id) { state } }', {
      id: submitApplication.id,
    });
    expect(codes(peek)).toEqual(['FORBIDDEN']);
  });
});

describe('the RA permission matrix', () => {
  const operations: Record<string, string> = {
    'applications queue': '{ applications(first: 1) { id } }',
    'operation log': '{ operationLog(first: 1) { sequence } }',
    'verify operation log': '{ verifyOperationLog { intact } }',
    'subscriber search': '{ subscribers(search: "x") { id } }',
    'set a fee': 'mutation { setFee(businessType: NEW, certificateKind: PERSONAL, amountFen: 100) { amountFen } }',
    'workflow table': '{ applicationWorkflow { event } }',
    'consultation records (CS-1)': '{ consultations { id } }',
    'complaints (CS-5)': '{ complaints { id } }',
    'subscriber register export (RA-15)': '{ subscriberRegister(format: CSV) { rows } }',
    'archive cabinets (RA-16)': '{ archiveCabinets { number boxes { label } } }',
    'task completion records (RA-13)': '{ taskCompletionRecords(first: 1) { total } }',
    'undelivered CA calls (RA item 12)': '{ undeliveredCertificateAuthorityCalls(first: 1) { id } }',
  };
  const allowed: Record<string, string[]> = {
    'applications queue': staffRoles,
    'operation log': ['ADMINISTRATOR', 'AUDITOR'],
    'verify operation log': ['ADMINISTRATOR', 'AUDITOR'],
    'subscriber search': staffRoles,
    'set a fee': ['ADMINISTRATOR'],
    'workflow table': [...staffRoles, 'CITIZEN'],
    'consultation records (CS-1)': ['SERVICE_AGENT', 'ADMINISTRATOR', 'AUDITOR'],
    'complaints (CS-5)': ['SERVICE_AGENT', 'ADMINISTRATOR', 'AUDITOR'],
    'subscriber register export (RA-15)': ['ADMINISTRATOR'],
    'archive cabinets (RA-16)': ['ARCHIVE_CLERK', 'ADMINISTRATOR', 'AUDITOR'],
    'task completion records (RA-13)': ['ARCHIVE_CLERK', 'ADMINISTRATOR', 'AUDITOR'],
    'undelivered CA calls (RA item 12)': ['ADMINISTRATOR', 'AUDITOR'],
  };
  const principals = ['ANONYMOUS', 'CITIZEN', ...staffRoles];

  it.each(Object.keys(operations))('%s', async (operation) => {
    const outcome: Record<string, string> = {};
    for (const who of principals) {
      const response = await as(who, operations[operation] as string);
      outcome[who] = String(codes(response)[0] ?? 'allowed');
    }
    const expected = Object.fromEntries(
      principals.map((who) => [
        who,
        allowed[operation]?.includes(who) ? 'allowed' : who === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
      ]),
    );
    expect(outcome).toEqual(expected);
  });
});
