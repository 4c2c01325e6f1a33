import { PDFDocument } from 'pdf-lib';
import { jpegFile, pdfFile, pngFile } from '../testing/document-files';
import { documentContentType } from './document-content';

const zip = Buffer.from('504b0304140000000800', 'hex');

describe('the type of an uploaded copy, from its whole structure (RA-10)', () => {
  it('accepts a complete PDF (xref table or xref stream), PNG and JPEG', async () => {
    expect(await documentContentType(pdfFile('营业执照'))).toBe('application/pdf');
    const made = await PDFDocument.create();
    made.addPage();
    expect(await documentContentType(Buffer.from(await made.save()))).toBe('application/pdf');
    expect(await documentContentType(Buffer.from(await made.save({ useObjectStreams: false })))).toBe(
      'application/pdf',
    );
    expect(await documentContentType(pngFile(16, 16))).toBe('image/png');
    expect(await documentContentType(jpegFile(16, 16))).toBe('image/jpeg');
  });

  it.each([
    ['%PDF- followed by a script', Buffer.from('%PDF-1.4\n<script>alert(document.cookie)</script>\n')],
    ['a PNG signature alone', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['a JPEG header followed by ZIP data', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), zip])],
    ['a PDF header with a trailer but no objects', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')],
    [
      'a PDF whose startxref points nowhere',
      Buffer.from(
        pdfFile()
          .toString('latin1')
          .replace(/startxref\n\d+/, 'startxref\n9'),
        'latin1',
      ),
    ],
    ['a PDF with a ZIP archive after %%EOF', Buffer.concat([pdfFile(), zip])],
    ['a PNG with a ZIP archive after IEND', Buffer.concat([pngFile(), zip])],
    ['a JPEG with a ZIP archive after EOI', Buffer.concat([jpegFile(), zip])],
    ['an executable', Buffer.from('MZ\x90\x00executable')],
  ])('refuses %s', async (_name, content) => {
    expect(await documentContentType(content)).toBeNull();
  });

  it('refuses a PNG whose chunk CRC is wrong and a JPEG cut short before EOI', async () => {
    const png = pngFile();
    // The last byte of the IDAT chunk's CRC (IEND, 12 bytes, follows it).
    png.writeUInt8(png.readUInt8(png.length - 13) ^ 0xff, png.length - 13);
    expect(await documentContentType(png)).toBeNull();
    const jpeg = jpegFile(32, 32);
    expect(await documentContentType(jpeg.subarray(0, jpeg.length - 40))).toBeNull();
  });
});
