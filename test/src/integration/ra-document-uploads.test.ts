import { maxDocumentBytes } from '../../../subgraphs/ra/src/documents/documents';
import { jpegFile, pdfFile, pngFile } from '../../../subgraphs/ra/src/testing/document-files';
import { errorCodes as codes, ok } from '../harness/graph-checks';
import { officerIdNumber, raCounter, registerUnit } from '../harness/ra-counter';

const { as } = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK']);
let applicationId: string;

beforeAll(async () => {
  const { submitApplication } = ok(
    await as<{ submitApplication: { id: string } }>(
      'ENTRY_CLERK',
      'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }',
      {
        input: {
          subscriberId: await registerUnit(as),
          businessType: 'NEW',
          certificateKind: 'ORGANIZATION',
          idNumber: officerIdNumber,
        },
      },
    ),
  );
  applicationId = submitApplication.id;
});

const upload = (content: Buffer, documentType = 'business_license') =>
  as<{ uploadDocument: { contentType: string; size: number } }>(
    'ENTRY_CLERK',
    'mutation($input: UploadDocumentInput!) { uploadDocument(input: $input) { contentType size } }',
    { input: { applicationId, documentType, contentBase64: content.toString('base64') } },
  );

describe('document uploads through the gateway (RA-10)', () => {
  it('accepts a PDF of the documented 5 MB, base64 in the GraphQL body, and reads it back intact and unsniffable', async () => {
    const largest = pdfFile('营业执照扫描件', maxDocumentBytes);
    expect(largest.length).toBe(5 * 1024 * 1024);
    const uploaded = await upload(largest);
    expect(uploaded.status).toBe(200);
    expect(ok(uploaded).uploadDocument).toEqual({ contentType: 'application/pdf', size: largest.length });

    const readBack = await as<{ documentFile: { contentBase64: string } }>(
      'REVIEW_CLERK',
      'query($input: DocumentInput!) { documentFile(input: $input) { contentBase64 } }',
      { input: { applicationId, documentType: 'business_license' } },
    );
    expect(Buffer.from(ok(readBack).documentFile.contentBase64, 'base64').equals(largest)).toBe(true);
    expect(readBack.headers.get('x-content-type-options')).toBe('nosniff');
    expect(readBack.headers.get('content-disposition')).toBe('attachment; filename="document.json"');
    expect(uploaded.headers.get('content-disposition')).toBeNull();

    expect(codes(await upload(pdfFile('one byte too many', maxDocumentBytes + 1)))).toEqual([
      'DOCUMENT_TYPE_UNSUPPORTED',
    ]);
  });

  it('takes PNG and JPEG scans and refuses files whose first bytes lie about the rest', async () => {
    expect(ok(await upload(pngFile(64, 64), 'officer_id')).uploadDocument.contentType).toBe('image/png');
    expect(ok(await upload(jpegFile(64, 64), 'officer_id')).uploadDocument.contentType).toBe('image/jpeg');
    const probes = [
      Buffer.from('%PDF-1.7\n<script>alert(document.cookie)</script>\n'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('504b030414000000', 'hex')]),
    ];
    for (const probe of probes) {
      expect(codes(await upload(probe, 'officer_id'))).toEqual(['DOCUMENT_TYPE_UNSUPPORTED']);
    }
  });
});
