// print/: HTML → PDF, asserted on the real PDF (pdfjs): page-bottom notes, TOC numbers, running
// heads, folios, outline, metadata, tables, determinism. One browser for the whole file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPrinter, type Printer, type PrintResult } from '../../scripts/print/index.ts';
import { normalize, readPdf, type PdfReport } from '../helpers/pdf.ts';
import { buildFixture, printOptions, type Fixture } from './fixture.ts';

let printer: Printer;
let fx: Fixture;
let result: PrintResult;
let pdf: PdfReport;
const options = printOptions();

beforeAll(async () => {
  printer = await openPrinter({ allowedRoots: options.allowedRoots });
  fx = buildFixture();
  result = await printer.print({ html: fx.html, name: 'freedonia.pdf', options });
  pdf = await readPdf(result.pdf);
});

afterAll(async () => {
  await printer?.close();
});

const lower = (s: string) => normalize(s).toLowerCase();
/** 0-based index of the first page whose links point at `#id`. */
const markerPage = (id: string) => pdf.links.findIndex((links) => links.some((l) => l.dest === id));
/** 0-based index of the first page (from `from`) holding `text` (whitespace-insensitive). */
const pageWith = (text: string, from = 0) => pdf.pages.findIndex((p, i) => i >= from && normalize(p).includes(normalize(text)));
const words = (s: string) => normalize(s).split(' ');

/**
 * The pages over which `text` runs in order, starting on page `from`: each page holds a run of
 * whole words of it, the next page the following words. Null when a word is missing or out of order.
 */
function spread(text: string, from: number, doc: PdfReport = pdf): number[] | null {
  let rest = words(text);
  const used: number[] = [];
  for (let p = from; p < doc.pages.length && rest.length; p++) {
    const page = ` ${normalize(doc.pages[p])} `;
    let k = rest.length;
    while (k > 0 && !page.includes(` ${rest.slice(0, k).join(' ')} `)) k--;
    if (k === 0) return null;
    used.push(p);
    rest = rest.slice(k);
  }
  return rest.length ? null : used;
}

describe('page-bottom footnotes', () => {
  it('puts every note on the page of its first marker, once', () => {
    expect(fx.notes.length).toBeGreaterThan(20);
    for (const note of fx.notes) {
      const page = markerPage(`fn-${note.n}`);
      expect(page, `marker of note ${note.n}`).toBeGreaterThan(1);
      const head = words(note.text).slice(0, 12).join(' ');
      expect(normalize(pdf.pages[page]), `note ${note.n} on page ${page + 1}`).toContain(`${note.n} ${head}`);
    }
  });

  it('does not repeat a note cited again on a later page (Chicago style)', () => {
    expect(fx.recited.size).toBeGreaterThan(0);
    for (const [n] of fx.recited) {
      const note = fx.notes.find((x) => x.n === n)!;
      const pages = pdf.links.flatMap((links, i) => (links.some((l) => l.dest === `fn-${n}`) ? [i] : []));
      expect(new Set(pages).size, 'cited on two pages').toBeGreaterThan(1);
      const holding = pdf.pages.filter((p) => normalize(p).includes(normalize(note.text))).length;
      expect(holding).toBe(1);
    }
  });

  it('removes the endnotes section and the back-links', () => {
    expect(pdf.pages.some((p) => /^Notes$/m.test(p))).toBe(false);
    expect(pdf.pages.join('\n')).not.toContain('↩');
  });

  it('splits a note longer than half a page across pages without losing a word', () => {
    const long = fx.notes.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    const from = markerPage(`fn-${long.n}`);
    const used = spread(`${long.n} ${long.text}`, from);
    expect(used, 'every word, in order').not.toBeNull();
    expect(used!.length).toBeGreaterThan(1);
    expect(used![0]).toBe(from);
    // The continuation opens the next page's notes, before that page's own notes.
    const next = used![1];
    const own = fx.notes.filter((n) => markerPage(`fn-${n.n}`) === next);
    const tail = words(long.text).slice(-6).join(' ');
    for (const n of own) expect(normalize(pdf.pages[next]).indexOf(tail)).toBeLessThan(normalize(pdf.pages[next]).indexOf(`${n.n} ${words(n.text).slice(0, 4).join(' ')}`));
  });

  it('fits a page with eight or more notes, every word of each', () => {
    const interviews = fx.notes.filter((n) => n.text.startsWith('Interview'));
    expect(interviews.length).toBeGreaterThanOrEqual(8);
    const pages = new Set(interviews.map((n) => markerPage(`fn-${n.n}`)));
    const busiest = Math.max(...[...pages].map((p) => fx.notes.filter((n) => markerPage(`fn-${n.n}`) === p).length));
    expect(busiest).toBeGreaterThanOrEqual(8);
    for (const n of fx.notes) expect(spread(`${n.n} ${n.text}`, markerPage(`fn-${n.n}`)), `note ${n.n}`).not.toBeNull();
  });
});

describe('contents, running heads, folios', () => {
  it('fills the contents with the page each heading really starts on', () => {
    const toc = pdf.pages[1];
    expect(toc).toContain('Contents');
    const firstBody = pageWith(fx.chapters[0].title, 2);
    for (const c of fx.chapters) {
      for (const h of [{ title: c.title }, ...c.sections]) {
        const m = new RegExp(`^${h.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\d+)$`, 'm').exec(toc);
        expect(m, `contents entry for ${h.title}`).not.toBeNull();
        const real = pdf.pages.findIndex((p, i) => i >= firstBody && p.split('\n').includes(h.title)) + 1;
        expect(Number(m![1]), h.title).toBe(real);
      }
    }
  });

  it('fills the list of figures and page references', () => {
    const table = pageWith('Table 1. Overseas service stations by jurisdiction', 2) + 1;
    const figure = pageWith('Figure 1. Stations opened per year', 2) + 1;
    expect(pdf.pages[1]).toMatch(new RegExp(`Table 1\\. Overseas service stations by jurisdiction ${table}$`, 'm'));
    expect(pdf.pages[1]).toMatch(new RegExp(`Figure 1\\. Stations opened per year, 2016–2022 ${figure}$`, 'm'));
    expect(normalize(pdf.pages.join('\n'))).toContain(`See Table 1, p. ${table} and Figure 1, p. ${figure}.`);
  });

  it('prints the running head and "x of y" on every page but the cover', () => {
    const n = pdf.pages.length;
    expect(n).toBe(result.pages);
    const head = lower('Freedonia Overseas — Freedonian policing abroad');
    expect(lower(pdf.pages[0])).not.toContain(head);
    expect(pdf.pages[0]).not.toMatch(/\d+ of \d+/);
    for (let i = 1; i < n; i++) {
      expect(lower(pdf.pages[i]), `page ${i + 1}`).toContain(head);
      expect(pdf.pages[i], `page ${i + 1}`).toMatch(new RegExp(`^${i + 1} of ${n}$`, 'm'));
    }
  });

  it('names the current chapter in the running head', () => {
    for (const c of fx.chapters) {
      const start = pdf.pages.findIndex((p, i) => i > 1 && p.split('\n').includes(c.title));
      expect(lower(pdf.pages[start].split('\n')[0])).toContain(c.title.toLowerCase());
    }
  });

  it('starts every chapter on a new page', () => {
    for (const c of fx.chapters) {
      const start = pdf.pages.findIndex((p, i) => i > 1 && p.split('\n').includes(c.title));
      expect(pdf.pages[start].split('\n')[1], c.title).toBe(c.title);
    }
  });
});

describe('PDF structure', () => {
  it('builds the outline from chapter and section headings only', () => {
    expect(pdf.outline.map((o) => o.title)).toEqual(fx.chapters.map((c) => c.title));
    pdf.outline.forEach((o, i) => expect(o.items.map((s) => s.title)).toEqual(fx.chapters[i].sections.map((s) => s.title)));
    // bookmarks land on the page the contents names
    for (const o of pdf.outline) expect(pdf.pages[1]).toMatch(new RegExp(`^${o.title} ${o.page}$`, 'm'));
  });

  it('carries the metadata, language and tags', () => {
    expect(pdf.info.Title).toBe('Freedonia Overseas');
    expect(pdf.info.Author).toBe('A. Researcher; B. Analyst');
    expect(pdf.info.Subject).toBe('Freedonian policing abroad');
    expect(pdf.info.Keywords).toBe('Freedonia, transnational repression, policing');
    expect(pdf.info.Creator).toBe('briefkit');
    expect(pdf.info.CreationDate).toMatch(/^D:20220912000000/);
    expect(pdf.info.ModDate).toMatch(/^D:20220912000000/);
    expect(pdf.lang).toBe('en');
    expect(pdf.tagged).toBe(true);
    expect(pdf.size.width).toBeCloseTo(595, 0);
    expect(pdf.size.height).toBeCloseTo(842, 0);
  });

  it('embeds only the Noto fonts from @fontsource, none synthesized', () => {
    expect(pdf.fonts.length).toBeGreaterThan(2);
    for (const f of pdf.fonts) expect(f).toMatch(/^Noto(Serif|Sans)/);
    expect(pdf.fonts).toContain('NotoSans-Italic'); // the callout's <em>, from its real face
  });

  it('sets Chinese in Noto SC and keeps it extractable', () => {
    expect(pdf.fonts.some((f) => /^Noto(Serif|Sans)SC/.test(f))).toBe(true);
    const hits = pdf.pages.filter((p) => p.includes('海外110'));
    expect(hits.length).toBeGreaterThan(0);
  });

  it('repeats the header of a long table on every page and never splits a row', () => {
    const header = fx.tableHeader.join(' ');
    const rowPages = fx.tableRows.map((row) => {
      const text = row.join(' ');
      const on = pdf.pages.flatMap((p, i) => (normalize(p).includes(text) ? [i] : []));
      expect(on, `row ${row[0]} whole on exactly one page`).toHaveLength(1);
      return on[0];
    });
    const spanned = [...new Set(rowPages)];
    expect(spanned.length).toBeGreaterThanOrEqual(3);
    for (const p of spanned) expect(normalize(pdf.pages[p]), `header on page ${p + 1}`).toContain(header);
    expect(rowPages).toEqual([...rowPages].sort((a, b) => a - b));
  });
});

describe('determinism', () => {
  it('gives byte-identical PDFs for the same date, and different bytes for another date', async () => {
    const again = await printer.print({ html: fx.html, name: 'freedonia.pdf', options });
    expect(Buffer.from(again.pdf).equals(Buffer.from(result.pdf))).toBe(true);
    const later = await printer.print({ html: fx.html, name: 'freedonia.pdf', options: printOptions(new Date('2023-01-05T00:00:00Z')) });
    expect(Buffer.from(later.pdf).equals(Buffer.from(result.pdf))).toBe(false);
    expect((await readPdf(later.pdf)).info.CreationDate).toMatch(/^D:20230105/);
  });
});

describe('endnotes mode and draft mark', () => {
  it('keeps the notes as a final chapter and marks every page of a draft', async () => {
    const small = buildFixture({ footnotes: 'endnotes', draft: 'DRAFT 1.0+3f2a9c1', size: 0.4, tableRows: 12 });
    const r = await printer.print({ html: small.html, name: 'endnotes.pdf', options });
    const doc = await readPdf(r.pdf);
    // as in the layout: the notes come after the chapters, before the revision log
    const titles = small.chapters.map((c) => c.title);
    expect(doc.outline.map((o) => o.title)).toEqual([...titles.slice(0, -1), 'Notes', 'Revision log']);
    const notesStart = doc.outline[doc.outline.length - 2].page! - 1;
    expect(doc.pages[notesStart].split('\n')[1]).toBe('Notes');
    for (const note of small.notes) {
      // first appearance of the note text is in the Notes chapter, in full
      const from = doc.pages.findIndex((p) => normalize(p).includes(words(note.text).slice(0, 10).join(' ')));
      expect(from, `note ${note.n}`).toBeGreaterThanOrEqual(notesStart);
      expect(spread(note.text, from, doc), `note ${note.n}`).not.toBeNull();
    }
    doc.pages.forEach((p, i) => expect(p, `page ${i + 1}`).toContain('DRAFT 1.0+3f2a9c1'));
    expect(doc.pages.join('\n')).not.toContain('↩');
  });
});
