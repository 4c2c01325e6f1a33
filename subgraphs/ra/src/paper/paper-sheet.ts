import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fonts } from '@embedpdf/fonts-sc';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

/** One line of a form's table: a label and what the RA fills in (empty: left for the subscriber's pen). */
export interface SheetRow {
  label: string;
  value: string;
}

/** A titled block of rows; `columns: 2` sets two label/value pairs side by side for short values. */
export interface SheetSection {
  heading?: string;
  rows: SheetRow[];
  columns?: 1 | 2;
}

/** A box the paper leaves blank for a signature or a stamp, with the date line under it. */
export interface SignatureBox {
  label: string;
  /** Room for a round official seal (盖章), not only a signature. */
  stamp?: boolean;
}

/** A printable sheet as the bureau files it: title, reference line, tables, signature and stamp boxes, notes. */
export interface Sheet {
  title: string;
  /** Under the title, right-aligned: the number the clerk files it under and the printing date. */
  reference: string[];
  sections: SheetSection[];
  signatures: SignatureBox[];
  notes?: string[];
  /** A label, not a form: the title set large, for the spine of a box. */
  large?: boolean;
}

const page = { width: 595.28, height: 841.89 };
const margin = 48;
const contentWidth = page.width - margin * 2;
const labelWidth = 118;
const padding = 5;
const bodySize = 10;
const minRowHeight = 20;

/**
 * Noto Sans SC (Simplified Chinese, OFL-1.1) as `@embedpdf/fonts-sc` ships it; the package exports
 * only the file list, so the file is found beside its entry point. Parsed once per process: decoding
 * the 8 MB font's tables was most of a sheet's time, and pdfkit takes a parsed font as it is. Each
 * PDF embeds only the glyphs its sheet uses.
 */
let parsedFont: fontkit.Font | undefined;
function font(): fontkit.Font {
  if (!parsedFont) {
    const regular = fonts.find((f) => f.weight === 400);
    if (!regular) throw new Error('@embedpdf/fonts-sc ships no regular weight');
    const file = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', regular.file);
    const parsed = fontkit.create(readFileSync(file));
    if (!('layout' in parsed)) throw new Error(`${regular.file} is a font collection`);
    parsedFont = parsed;
  }
  return parsedFont;
}

/** Renders a sheet as an A4 PDF with the CJK font embedded as a subset. */
export function renderSheet(sheet: Sheet): Promise<Buffer> {
  const doc = new PDFDocument({
    // The sheet's font from the start: pdfkit would otherwise load Helvetica's metrics for every document.
    font: font() as unknown as string,
    size: 'A4',
    margin,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: sheet.title, Creator: 'Tessera RA' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.lineWidth(0.8).strokeColor('#000').fillColor('#000');

  let y = margin;
  const title = sheet.large ? 30 : 18;
  doc.fontSize(title).text(sheet.title, margin, y, { width: contentWidth, align: 'center' });
  y = doc.y + 6;
  doc.fontSize(9);
  for (const line of sheet.reference) {
    doc.text(line, margin, y, { width: contentWidth, align: 'right' });
    y = doc.y + 1;
  }
  y += 6;

  doc.fontSize(sheet.large ? 14 : bodySize);
  for (const section of sheet.sections) {
    y = drawSection(doc, section, y);
  }
  y = drawSignatures(doc, sheet.signatures, y + 12) + 6;
  doc.fontSize(8.5);
  for (const note of sheet.notes ?? []) {
    y = ensureRoom(doc, y, doc.heightOfString(note, { width: contentWidth }) + 4);
    doc.text(note, margin, y, { width: contentWidth });
    y = doc.y + 2;
  }
  doc.end();
  return done;
}

/** Starts a new page when `height` no longer fits under `y`. */
function ensureRoom(doc: PDFKit.PDFDocument, y: number, height: number): number {
  if (y + height <= page.height - margin) return y;
  doc.addPage();
  return margin;
}

function cellHeight(doc: PDFKit.PDFDocument, text: string, width: number): number {
  return doc.heightOfString(text || ' ', { width: width - padding * 2 }) + padding * 2;
}

function cell(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  height: number,
  shade = false,
) {
  if (shade) doc.rect(x, y, width, height).fillAndStroke('#eeeeee', '#000').fillColor('#000');
  else doc.rect(x, y, width, height).stroke();
  if (text) doc.text(text, x + padding, y + padding, { width: width - padding * 2 });
}

function drawSection(doc: PDFKit.PDFDocument, section: SheetSection, top: number): number {
  let y = top;
  if (section.heading) {
    const height = cellHeight(doc, section.heading, contentWidth);
    y = ensureRoom(doc, y, height * 2);
    cell(doc, section.heading, margin, y, contentWidth, height, true);
    y += height;
  }
  const perLine = section.columns ?? 1;
  const pairWidth = contentWidth / perLine;
  for (let i = 0; i < section.rows.length; i += perLine) {
    const line = section.rows.slice(i, i + perLine);
    const [only] = line;
    if (line.length === 1 && only) {
      y = drawLongRow(doc, only, y);
      continue;
    }
    const height = Math.max(
      ...line.map((row) =>
        Math.max(cellHeight(doc, row.label, labelWidth), cellHeight(doc, row.value, pairWidth - labelWidth)),
      ),
      minRowHeight,
    );
    y = ensureRoom(doc, y, height);
    line.forEach((row, column) => {
      const x = margin + column * pairWidth;
      cell(doc, row.label, x, y, labelWidth, height, true);
      cell(doc, row.value, x + labelWidth, y, pairWidth - labelWidth, height);
    });
    y += height;
  }
  return y;
}

/**
 * A full-width row; a value taller than the room left (a long consultation question) goes on over
 * the next pages, its label marked 续 (continued), so no text is ever cut off.
 */
function drawLongRow(doc: PDFKit.PDFDocument, row: SheetRow, top: number): number {
  const valueWidth = contentWidth - labelWidth;
  let y = top;
  let label = row.label;
  let rest = [...row.value];
  do {
    let room = page.height - margin - y;
    if (cellHeight(doc, rest.join(''), valueWidth) > room && room < minRowHeight * 3) {
      doc.addPage();
      y = margin;
      room = page.height - margin * 2;
    }
    const fits = longestFitting(doc, rest, valueWidth, room);
    const part = rest.slice(0, fits).join('');
    const height = Math.max(cellHeight(doc, label, labelWidth), cellHeight(doc, part, valueWidth), minRowHeight);
    cell(doc, label, margin, y, labelWidth, height, true);
    cell(doc, part, margin + labelWidth, y, valueWidth, height);
    y += height;
    rest = rest.slice(fits);
    label = `${row.label}（续）`;
  } while (rest.length > 0);
  return y;
}

/** How many characters of `text`, from the start, fit a cell of `width` no taller than `room` (at least one). */
function longestFitting(doc: PDFKit.PDFDocument, text: string[], width: number, room: number): number {
  if (cellHeight(doc, text.join(''), width) <= room) return text.length;
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (cellHeight(doc, text.slice(0, middle).join(''), width) <= room) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Signature and stamp boxes side by side, each with its label on top and a date line at the bottom. */
function drawSignatures(doc: PDFKit.PDFDocument, boxes: SignatureBox[], top: number): number {
  if (boxes.length === 0) return top;
  const height = boxes.some((b) => b.stamp) ? 104 : 76;
  const y = ensureRoom(doc, top, height);
  const width = contentWidth / boxes.length;
  boxes.forEach((box, i) => {
    const x = margin + i * width;
    doc.rect(x, y, width, height).stroke();
    doc.text(box.label, x + padding, y + padding, { width: width - padding * 2 });
    doc.text('日期：　　　年　　月　　日', x + padding, y + height - padding - 14, {
      width: width - padding * 2,
      align: 'right',
    });
  });
  return y + height;
}
