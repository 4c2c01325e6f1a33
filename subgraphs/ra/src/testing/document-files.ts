import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/**
 * A complete one-page PDF whose document information names `title` (ASCII), with a correct
 * cross-reference table: different titles make different files. `size` pads it, with an unused
 * stream object, to exactly that many bytes.
 */
export function pdfFile(title = 'scan', size?: number): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Title (${title.replace(/[()\\]/g, (c) => `\\${c}`)}) >>`,
  ];
  if (size !== undefined) {
    const unpadded = pdfOf([...objects, '<< /Length 0 >>\nstream\n\nendstream']).length;
    const padding = size - unpadded - 2 * String(size).length;
    const stream = (length: number) => `<< /Length ${length} >>\nstream\n${'0'.repeat(length)}\nendstream`;
    for (let length = Math.max(padding, 0); length <= size; length++) {
      const padded = pdfOf([...objects, stream(length)]);
      if (padded.length === size) return padded;
      if (padded.length > size) break;
    }
    throw new Error(`no PDF of exactly ${size} bytes`);
  }
  return pdfOf(objects);
}

function pdfOf(objects: string[]): Buffer {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A PNG of `width` × `height` pixels of one grey. */
export function pngFile(width = 4, height = 4, grey = 128): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(grey);
  return PNG.sync.write(png);
}

/** A baseline JPEG of `width` × `height` pixels of one grey. */
export function jpegFile(width = 8, height = 8, grey = 128): Buffer {
  const data = Buffer.alloc(width * height * 4, grey);
  return jpeg.encode({ data, width, height }, 90).data;
}
