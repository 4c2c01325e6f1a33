import jpeg from 'jpeg-js';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';

/** The file types a scanned copy may have (RA-10). */
export type DocumentContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/**
 * What an uploaded copy really is, checked through its whole structure, never from what the client
 * claims nor from its first bytes alone (a `%PDF-` line followed by a script, a bare PNG signature
 * or a JPEG header followed by a ZIP archive are none of these): null unless the file parses
 * completely as a PDF, PNG or JPEG and nothing follows its end.
 */
export async function documentContentType(content: Buffer): Promise<DocumentContentType | null> {
  if (startsWith(content, pdfSignature)) return (await isPdf(content)) ? 'application/pdf' : null;
  if (startsWith(content, pngSignature)) return isPng(content) ? 'image/png' : null;
  if (startsWith(content, jpegSignature)) return isJpeg(content) ? 'image/jpeg' : null;
  return null;
}

const pdfSignature = Buffer.from('%PDF-', 'latin1');
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const jpegSignature = Buffer.from([0xff, 0xd8, 0xff]);

function startsWith(content: Buffer, signature: Buffer): boolean {
  return content.subarray(0, signature.length).equals(signature);
}

/**
 * A PDF (ISO 32000-1 §7.5): pdf-lib parses every object and finds the catalog and at least one page;
 * the file ends with `startxref`, the offset of the last cross-reference section, and `%%EOF`; that
 * offset holds an `xref` table whose in-use entries each point at their object, or an xref stream.
 */
async function isPdf(content: Buffer): Promise<boolean> {
  if (!crossReferenceHolds(content)) return false;
  try {
    const document = await PDFDocument.load(content, {
      throwOnInvalidObject: true,
      updateMetadata: false,
      ignoreEncryption: true,
    });
    return document.getPageCount() > 0;
  } catch {
    return false;
  }
}

/** Only end-of-line whitespace may follow the last `%%EOF`. */
const pdfTail = /startxref\s+(\d+)\s+%%EOF[\r\n\t \0]*$/;

function crossReferenceHolds(content: Buffer): boolean {
  const tail = pdfTail.exec(content.subarray(Math.max(0, content.length - 1024)).toString('latin1'));
  const offset = Number(tail?.[1]);
  if (!tail || !Number.isSafeInteger(offset) || offset >= content.length) return false;
  const section = content.subarray(offset, offset + 64).toString('latin1');
  if (/^\d+\s+\d+\s+obj\b/.test(section)) {
    return /\/Type\s*\/XRef\b/.test(content.subarray(offset, offset + 4096).toString('latin1'));
  }
  return section.startsWith('xref') && xrefTableHolds(content, offset + 4);
}

/** Each subsection `first count` and its 20-byte entries; every `n` entry points at `first+i gen obj`. */
function xrefTableHolds(content: Buffer, start: number): boolean {
  const text = content.subarray(start).toString('latin1');
  let position = 0;
  const subsection = /^\s*(\d+) (\d+)[ \t]*\r?\n/;
  for (;;) {
    const header = subsection.exec(text.slice(position));
    if (!header) return /^\s*trailer\s*<</.test(text.slice(position));
    position += header[0].length;
    const first = Number(header[1]);
    const count = Number(header[2]);
    for (let i = 0; i < count; i++) {
      const entry = /^(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)/.exec(text.slice(position, position + 20));
      if (!entry) return false;
      position += 20;
      if (entry[3] === 'n' && !objectAt(content, Number(entry[1]), first + i)) return false;
    }
  }
}

function objectAt(content: Buffer, offset: number, number: number): boolean {
  const head = /^(\d+)\s+\d+\s+obj\b/.exec(content.subarray(offset, offset + 32).toString('latin1'));
  return Number(head?.[1]) === number;
}

/** A PNG: pngjs decodes every chunk with its CRC checked, and the IEND chunk ends the file. */
function isPng(content: Buffer): boolean {
  try {
    PNG.sync.read(content, { checkCRC: true });
  } catch {
    return false;
  }
  let position = pngSignature.length;
  while (position + 12 <= content.length) {
    const length = content.readUInt32BE(position);
    const type = content.subarray(position + 4, position + 8).toString('latin1');
    position += 12 + length;
    if (type === 'IEND') return position === content.length;
  }
  return false;
}

/** Decoding limits: a scanned A4 page at 600 dpi is about 35 megapixels. */
const jpegLimits = { maxResolutionInMP: 64, maxMemoryUsageInMB: 512 };

/** A JPEG: jpeg-js decodes the whole image, and a walk over its markers reaches EOI at the very end. */
function isJpeg(content: Buffer): boolean {
  try {
    jpeg.decode(content, { ...jpegLimits, useTArray: true, tolerantDecoding: false });
  } catch {
    return false;
  }
  return jpegEndsAtEoi(content);
}

/**
 * ITU-T T.81 Annex B: after SOI, marker segments carry their length; entropy-coded data after SOS
 * runs until a marker other than a stuffed 0xFF00 or a restart marker. EOI must be the last two bytes.
 */
function jpegEndsAtEoi(content: Buffer): boolean {
  let position = 2;
  while (position + 1 < content.length) {
    if (content[position] !== 0xff) return false;
    const marker = content[position + 1] as number;
    if (marker === 0xff) {
      position += 1;
      continue;
    }
    if (marker === 0xd9) return position + 2 === content.length;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      position += 2;
      continue;
    }
    if (position + 4 > content.length) return false;
    position += 2 + content.readUInt16BE(position + 2);
    if (marker === 0xda) position = endOfScan(content, position);
  }
  return false;
}

function endOfScan(content: Buffer, start: number): number {
  let position = start;
  while (position + 1 < content.length) {
    const next = content[position + 1] as number;
    if (content[position] === 0xff && next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) return position;
    position += 1;
  }
  return content.length;
}
