import type { StaffRole } from '@tessera/kit';
import { pdfFile } from '../../../subgraphs/ra/src/testing/document-files';
import { errorCodes as codes, ok } from '../harness/graph-checks';
import { officerIdNumber, raCounter, registerUnit } from '../harness/ra-counter';

const roles: StaffRole[] = [
  'ENTRY_CLERK',
  'REVIEW_CLERK',
  'ISSUING_CLERK',
  'ARCHIVE_CLERK',
  'AGENCY_APPROVER',
  'SERVICE_AGENT',
  'ADMINISTRATOR',
  'AUDITOR',
];
const ra = raCounter(roles);
const { as, tokens } = ra;
const pdf = pdfFile('application form').toString('base64');

beforeAll(async () => {
  tokens.CITIZEN = await ra.platform.token({ subject: 'citizen-1', kind: 'citizen', realNameVerified: true });
});

const search = 'query($text: String!) { searchApplications(text: $text) { id subscriber { name } } }';

describe('fewer clicks per application through the gateway (issue 17 item 7, RA-10, RA-11, RA-16)', () => {
  let applicationId: string;

  beforeAll(async () => {
    const subscriberId = await registerUnit(as, {
      name: '太原重型机械有限公司',
      socialInsuranceNumber: '140107770001',
    });
    applicationId = ok(
      await as<{ submitApplication: { id: string } }>(
        'ENTRY_CLERK',
        'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }',
        {
          input: {
            subscriberId,
            businessType: 'UNLOCK',
            certificateKind: 'ORGANIZATION',
            idNumber: officerIdNumber,
            mediumSerialNumber: 'EK-TZ-0001',
          },
        },
      ),
    ).submitApplication.id;
  });

  it('finds an application by name, social-insurance number, credit code and application number for the RA desks', async () => {
    for (const who of ['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ARCHIVE_CLERK', 'AGENCY_APPROVER', 'AUDITOR']) {
      for (const text of ['重型机械', '14010777', '91440300ma5f0k3r4p', applicationId.slice(0, 8)]) {
        const { searchApplications } = ok(await as<{ searchApplications: { id: string }[] }>(who, search, { text }));
        expect({ who, text, found: searchApplications.map((a) => a.id) }).toEqual({
          who,
          text,
          found: [applicationId],
        });
      }
    }
  });

  it('refuses the search to citizens, customer service and anonymous callers; overlong text is bad input', async () => {
    expect(codes(await as('CITIZEN', search, { text: '重型机械' }))).toEqual(['FORBIDDEN']);
    expect(codes(await as('SERVICE_AGENT', search, { text: '重型机械' }))).toEqual(['FORBIDDEN']);
    expect(codes(await as('nobody', search, { text: '重型机械' }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await as('ENTRY_CLERK', search, { text: 'x'.repeat(101) }))).toEqual(['BAD_USER_INPUT']);
  });

  it('uploads and checks a document in one act; a plain upload still leaves it to be checked (RA-10)', async () => {
    const upload = 'mutation($input: UploadDocumentInput!) { uploadDocument(input: $input) { received checked } }';
    const input = { applicationId, documentType: 'officer_id', contentBase64: pdf };
    expect(ok(await as('ENTRY_CLERK', upload, { input: { ...input, check: true } }))).toEqual({
      uploadDocument: { received: true, checked: true },
    });
    expect(ok(await as('ENTRY_CLERK', upload, { input }))).toEqual({
      uploadDocument: { received: true, checked: false },
    });
    expect(codes(await as('REVIEW_CLERK', upload, { input: { ...input, check: true } }))).toEqual(['FORBIDDEN']);
  });

  it('opens the next application in the clerk’s own queue, and none for a citizen', async () => {
    const next = 'query($after: UUID) { nextApplication(after: $after) { id state } }';
    expect(ok(await as('ENTRY_CLERK', next, {}))).toEqual({
      nextApplication: { id: applicationId, state: 'SUBMITTED' },
    });
    expect(ok(await as('ENTRY_CLERK', next, { after: applicationId }))).toEqual({ nextApplication: null });
    expect(ok(await as('REVIEW_CLERK', next, {}))).toEqual({ nextApplication: null });
    expect(codes(await as('CITIZEN', next, {}))).toEqual(['FORBIDDEN']);
  });

  it('archives in bulk only as the archive clerk, reporting each refusal as data in the caller’s language (RA-16)', async () => {
    const archive = `mutation($input: ArchiveApplicationsInput!) {
      archiveApplications(input: $input) { applicationId application { state } error { code message } }
    }`;
    const input = { applications: [{ applicationId, expectedVersion: 1 }] };
    expect(ok(await as('ARCHIVE_CLERK', archive, { input }))).toEqual({
      archiveApplications: [
        {
          applicationId,
          application: null,
          error: { code: 'TRANSITION_NOT_ALLOWED', message: expect.stringMatching(/[\u4e00-\u9fff]/) },
        },
      ],
    });
    for (const who of ['ENTRY_CLERK', 'ADMINISTRATOR', 'CITIZEN']) {
      expect(codes(await as(who, archive, { input }))).toEqual(['FORBIDDEN']);
    }
  });
});
