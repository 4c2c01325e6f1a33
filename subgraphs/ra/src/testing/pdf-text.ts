/** A text run of a PDF page as a reader extracts it, with where it sits (points from the page's bottom). */
export interface PdfTextRun {
  text: string;
  y: number;
}

/** The text runs of every page of a PDF, in content order, as pdf.js extracts them (jest only). */
export async function pdfPages(pdf: Buffer): Promise<PdfTextRun[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loading = pdfjs.getDocument({ data: new Uint8Array(pdf) });
  const document = await loading.promise;
  const pages: PdfTextRun[][] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(
      content.items.flatMap((item) => ('str' in item && item.str ? [{ text: item.str, y: item.transform[5] }] : [])),
    );
  }
  await loading.destroy();
  return pages;
}

/** The text of every page of a PDF, runs joined by spaces, pages by newlines. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await pdfPages(pdf)).map((runs) => runs.map((run) => run.text).join(' ')).join('\n');
}
