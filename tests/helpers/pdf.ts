// Read a real PDF the way a reader would, for assertions: text per page, outline, metadata,
// language, tagging, embedded fonts and links. Uses pdfjs-dist (what browsers use to show PDFs)
// and pdf-lib for the font dictionaries.
//
//   const pdf = await readPdf(bytes)
//   expect(pdf.pages[0]).toContain('Freedonia')         // text of page 1
//   expect(pdf.outline.map((o) => o.title)).toEqual([...])
//   expect(pdf.fonts.every((f) => f.startsWith('Noto'))).toBe(true)
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';

export interface OutlineItem {
  title: string;
  items: OutlineItem[];
  /** 1-based page the bookmark jumps to, when it resolves. */
  page?: number;
}

export interface PdfLink {
  /** Named destination of an internal link (an HTML id, e.g. "fn-3"), if any. */
  dest?: string;
  /** Target of an external link. */
  url?: string;
}

/** A run of text as drawn: its string and its box in PostScript points, origin at the page's top left. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfReport {
  /**
   * Text of each page (index 0 = page 1): text runs in content order, a newline where pdfjs
   * reports a line end, runs of spaces collapsed. Compare prose with `normalize()`.
   */
  pages: string[];
  outline: OutlineItem[];
  /** The Info dictionary: Title, Author, Subject, Keywords, Creator, Producer, CreationDate, ModDate … */
  info: Record<string, string>;
  /** /Lang of the catalog, e.g. "en". */
  lang: string | null;
  /** Marked (MarkInfo) and has a structure tree. */
  tagged: boolean;
  /**
   * Fonts in the file, without the subset tag ("AAAAAA+NotoSerif-Regular" → "NotoSerif-Regular"),
   * sorted, unique. A Type 3 font (what Chromium writes for a synthesized bold/italic or a bitmap
   * glyph) shows as "Type3" or "Type3:<name>", so a test can insist there are none.
   */
  fonts: string[];
  /** Link annotations on each page (index 0 = page 1). */
  links: PdfLink[][];
  /** Page size in PostScript points, of page 1. */
  size: { width: number; height: number };
  /** Page size in PostScript points, of each page (index 0 = page 1): landscape pages are wider than high. */
  sizes: { width: number; height: number }[];
  /** Text runs of each page (index 0 = page 1) with their positions, for "is it on the paper" checks. */
  items: PdfTextItem[][];
}

/** Collapse all whitespace to single spaces, for comparing prose across line breaks. */
export const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Drop all whitespace. For letter-spaced text: pdfjs (like most PDF viewers' copy and paste)
 * puts a space between letters tracked by 0.1em or more, so "POLICY BRIEF" set with
 * letter-spacing: 0.12em reads "P O L I C Y B R I E F". Compare such text with compact() on both sides.
 */
export const compact = (s: string) => s.replace(/\s+/g, '');

export async function readPdf(bytes: Uint8Array): Promise<PdfReport> {
  // pdfjs may transfer (detach) the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    const links: PdfLink[][] = [];
    const items: PdfTextItem[][] = [];
    let size = { width: 0, height: 0 };
    const sizes: { width: number; height: number }[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [x0, y0, x1, y1] = page.view;
      sizes.push({ width: x1 - x0, height: y1 - y0 });
      if (i === 1) size = sizes[0];
      const content = await page.getTextContent();
      const [, , , top] = page.view;
      const placed: PdfTextItem[] = [];
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        // transform[4..5]: the baseline origin in PDF space (y up); flip to y down from the top.
        if (item.str.trim()) placed.push({ str: item.str, x: item.transform[4], y: top - item.transform[5] - item.height, width: item.width, height: item.height });
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      items.push(placed);
      pages.push(text.replace(/[ \t\u00a0]+/g, ' ').replace(/ *\n */g, '\n').trim());
      const annotations = (await page.getAnnotations()) as { subtype: string; dest?: unknown; url?: string }[];
      links.push(
        annotations
          .filter((a) => a.subtype === 'Link')
          .map((a) => ({ ...(typeof a.dest === 'string' ? { dest: a.dest } : {}), ...(a.url ? { url: a.url } : {}) })),
      );
    }

    const pageOfDest = async (dest: unknown): Promise<number | undefined> => {
      try {
        const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : (dest as unknown[] | null);
        if (!explicit || !explicit[0]) return undefined;
        return (await doc.getPageIndex(explicit[0] as { num: number; gen: number })) + 1;
      } catch {
        return undefined;
      }
    };
    type RawOutline = { title: string; dest: unknown; items: RawOutline[] };
    const walk = async (items: RawOutline[] | null): Promise<OutlineItem[]> =>
      Promise.all((items ?? []).map(async (o) => ({ title: o.title, items: await walk(o.items), page: await pageOfDest(o.dest) })));
    const outline = await walk((await doc.getOutline()) as RawOutline[] | null);

    const meta = await doc.getMetadata();
    const rawInfo = meta.info as Record<string, unknown>;
    const info: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawInfo)) if (typeof v === 'string') info[k] = v;
    const markInfo = await doc.getMarkInfo();
    const firstTree = doc.numPages ? await (await doc.getPage(1)).getStructTree() : null;

    return {
      pages,
      outline,
      info,
      lang: typeof rawInfo.Language === 'string' ? rawInfo.Language : null,
      tagged: Boolean(markInfo?.Marked) && firstTree !== null,
      fonts: await fontNames(bytes),
      links,
      size,
      sizes,
      items,
    };
  } finally {
    await doc.destroy();
  }
}

/** BaseFont of every font dictionary in the file. */
async function fontNames(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const names = new Set<string>();
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    if (obj.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    if (obj.get(PDFName.of('Subtype')) === PDFName.of('Type3')) {
      const name = obj.get(PDFName.of('Name'));
      names.add(name instanceof PDFName ? `Type3:${name.decodeText()}` : 'Type3');
      continue;
    }
    const base = obj.get(PDFName.of('BaseFont'));
    if (base instanceof PDFName) names.add(base.decodeText().replace(/^[A-Z]{6}\+/, ''));
  }
  return [...names].sort();
}

/** A line of a page as read: its text and where it stands. */
export interface PdfLine {
  text: string;
  /** Left and right edge of its ink, top of its first run (points from the page's top left). */
  left: number;
  right: number;
  y: number;
}

/**
 * The lines of a right-to-left page in reading order. pdfjs gives a Chromium PDF's runs in the
 * order they are drawn, left to right: an Arabic line comes out last word first (and a word can come
 * in two runs where a join was kerned). Here: lines top to bottom, each line's runs right to left,
 * a space where two runs stand apart by a fifth of the type size or more (a word space is more than
 * that, the gap after a letter that does not join is less), and no U+0000: pdfjs writes one for a
 * glyph the font maps to no character (Amiri's lam–kaf join), which the PDF covers with /ActualText.
 */
export function rightToLeftLines(items: PdfTextItem[]): PdfLine[] {
  const lines: PdfTextItem[][] = [];
  for (const it of [...items].sort((a, b) => a.y - b.y)) {
    const line = lines[lines.length - 1];
    // Same line when its middle falls within the line's first run (a note mark sits a little higher).
    if (line && it.y + it.height / 2 > line[0].y && it.y + it.height / 2 < line[0].y + line[0].height) line.push(it);
    else lines.push([it]);
  }
  return lines.map((runs) => {
    runs.sort((a, b) => b.x + b.width - (a.x + a.width));
    let text = '';
    runs.forEach((r, i) => {
      const gap = i === 0 ? 0 : runs[i - 1].x - (r.x + r.width);
      text += (i > 0 && gap >= r.height / 5 ? ' ' : '') + r.str.replace(/\0/g, '').trim();
    });
    return { text, left: Math.min(...runs.map((r) => r.x)), right: Math.max(...runs.map((r) => r.x + r.width)), y: runs[0].y };
  });
}
