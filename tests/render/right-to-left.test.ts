// An Arabic brief (tests/fixtures/languages/arabic, fictional) laid out right to left: the HTML says
// so, and the PDF's body, running head, draft mark, contents, lists, callout, table and footnotes
// stand mirrored, in a face that covers Arabic, shaped so that its text reads back as written.
// Positions are pdfjs's, in points from the page's top left; the page is A4 with 20 mm margins.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, ReadingDirection } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Built } from '../helpers/built.ts';
import { normalize, rightToLeftLines, type PdfLine, type PdfTextItem } from '../helpers/pdf.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/languages/arabic');
const MARGIN = (20 / 25.4) * 72;
const NEAR = 1.5; // points: a glyph's ink may overhang its advance a little

let built: Built;
let width: number;
let colLeft: number;
let colRight: number;

/** The source's paragraphs (after the front matter), a footnote mark read as its number. */
function sourceParagraphs(): string[] {
  const md = readFileSync(path.join(FIXTURE, 'content/hawa/chapters/hawa.md'), 'utf8').split(/^---$/m)[2];
  return md.split(/\n\s*\n/).map((p) => normalize(p.replace(/\[\^wizara\]/, '1'))).filter(Boolean);
}

/** Page n's runs, without the turned DRAFT watermark across it (it is not a line of the page). */
const runsOf = (n: number): PdfTextItem[] => built.pdf.items[n - 1].filter((it) => it.str !== 'DRAFT');
const linesOf = (n: number): PdfLine[] => rightToLeftLines(runsOf(n));
const chapterPage = () => built.pdf.pages.findIndex((p) => p.includes('تحسن')) + 1;

beforeAll(async () => {
  built = await buildFixture(FIXTURE, 'hawa');
  width = built.pdf.size.width;
  colLeft = MARGIN;
  colRight = width - MARGIN;
}, 300_000);

afterAll(() => built?.close());

describe('an Arabic brief, right to left', () => {
  it('the HTML edition is marked Arabic and right to left', () => {
    expect(built.html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
  });

  it('builds without a glyph-missing warning, in Amiri for the Arabic and no Type 3 font', () => {
    expect(built.result.warnings.map((w) => w.rule)).not.toContain('glyph-missing');
    expect(built.pdf.fonts).toEqual(expect.arrayContaining(['Amiri-Regular', 'Amiri-Bold']));
    expect(built.pdf.fonts.filter((f) => f.startsWith('Type3'))).toEqual([]);
    expect(built.pdf.lang).toBe('ar');
  });

  it('asks PDF viewers to lay out two-page spreads right to left', async () => {
    const doc = await PDFDocument.load(readFileSync(built.result.pdf!), { updateMetadata: false });
    expect(doc.catalog.getViewerPreferences()?.getReadingDirection()).toBe(ReadingDirection.R2L);
  });

  it('the PDF text of the body reads back as the source, letters joined, right to left', () => {
    const [long, short] = sourceParagraphs();
    const lines = linesOf(chapterPage()).map((l) => l.text);
    const first = lines.findIndex((l) => long.startsWith(l));
    expect(first).toBeGreaterThan(-1);
    expect([lines[first], lines[first + 1]].join(' ')).toBe(long);
    expect(lines).toContain(short);
  });

  it('a full line spans the column; a short line stands at the right edge', () => {
    const [long, short] = sourceParagraphs();
    const lines = linesOf(chapterPage());
    const full = lines.find((l) => long.startsWith(l.text))!;
    expect(Math.abs(full.right - colRight)).toBeLessThan(NEAR);
    expect(Math.abs(full.left - colLeft)).toBeLessThan(NEAR);
    const one = lines.find((l) => l.text === short)!;
    expect(Math.abs(one.right - colRight)).toBeLessThan(NEAR);
    expect(one.left).toBeGreaterThan(colLeft + 200);
  });

  it('the running head is mirrored: the brief at the right, the chapter at the left', () => {
    const head = runsOf(chapterPage()).filter((r) => r.y < MARGIN - 10);
    const brief = head.filter((r) => ['هواء', 'فريدونيا'].includes(r.str.trim()));
    const chapter = head.filter((r) => ['الهواء', 'في', 'المدن'].includes(r.str.trim()));
    expect(brief.length).toBe(2);
    expect(chapter.length).toBe(3);
    expect(Math.abs(Math.max(...brief.map((r) => r.x + r.width)) - colRight)).toBeLessThan(NEAR);
    expect(Math.abs(Math.min(...chapter.map((r) => r.x)) - colLeft)).toBeLessThan(NEAR);
  });

  it('the folio stays centred and the draft mark moves to the right-hand corner', () => {
    const foot = runsOf(chapterPage())
      .filter((r) => r.y > built.pdf.size.height - MARGIN)
      .sort((a, b) => b.x - a.x);
    // The draft mark (its words and edition, in several runs) stands in the right-hand third, the folio in the middle.
    const draft = foot.filter((r) => r.x > (width * 2) / 3);
    const folio = foot.filter((r) => r.x <= (width * 2) / 3);
    expect(draft.length).toBeGreaterThan(0);
    expect(Math.abs(Math.max(...draft.map((r) => r.x + r.width)) - colRight)).toBeLessThan(NEAR);
    const left = Math.min(...folio.map((r) => r.x));
    const right = Math.max(...folio.map((r) => r.x + r.width));
    expect(Math.abs((left + right) / 2 - width / 2)).toBeLessThan(2);
  });

  it('the contents: titles at the right, page numbers at the left', () => {
    const toc = runsOf(2);
    const title = toc.find((r) => r.str.trim() === 'المدن' && r.y > MARGIN)!;
    const number = toc.find((r) => r.str.trim() === String(chapterPage()) && Math.abs(r.y - title.y) < 3)!;
    expect(Math.abs(Math.max(...toc.filter((r) => Math.abs(r.y - title.y) < 3 && r !== number).map((r) => r.x + r.width)) - colRight)).toBeLessThan(NEAR);
    expect(Math.abs(number.x - colLeft)).toBeLessThan(NEAR);
  });

  it('list items, the callout and the table start at the right; the table numbers sit at the left', () => {
    const lines = linesOf(chapterPage());
    const item = lines.find((l) => l.text === 'محطة الميناء في مدينة سالم.')!;
    expect(colRight - item.right).toBeGreaterThan(10); // indented from the right…
    expect(item.left).toBeGreaterThan(colLeft + 200); // …and not from the left
    const callout = lines.find((l) => l.text === 'يجب نشر البيانات كل يوم.')!;
    expect(colRight - callout.right).toBeGreaterThan(8); // inside the callout's border and padding
    expect(callout.left).toBeGreaterThan(colLeft + 200);
    const head = lines.find((l) => l.text.startsWith('المحطة'))!;
    expect(colRight - head.right).toBeLessThan(8);
    const row = lines.find((l) => l.text === 'الميناء سالم 41')!;
    expect(row.left - colLeft).toBeLessThan(8);
  });

  it('the chart keeps its left-to-right axes, its Arabic labels in Amiri', () => {
    expect(built.html).toContain(`font-family="'Noto Sans', 'Amiri', sans-serif"`);
    const runs = runsOf(chapterPage());
    // The chart stands below the table, which names the same stations: the lowest run of each name.
    const label = (s: string) => runs.filter((r) => r.str.trim() === s).sort((a, b) => b.y - a.y)[0];
    expect(label('الجسر').x).toBeLessThan(label('الوادي').x); // categories in the spec's order, left to right
    expect(label('40').x).toBeLessThan(width / 2); // the value axis on the left
  });

  it('a footnote has its number at the right, the note to its left', () => {
    const runs = runsOf(chapterPage());
    const mark = runs.find((r) => r.str.trim() === '1' && r.y > built.pdf.size.height / 2)!;
    expect(Math.abs(mark.x + mark.width - colRight)).toBeLessThan(NEAR);
    const note = linesOf(chapterPage()).find((l) => l.text.includes('وزارة البيئة'))!;
    expect(note.text).toBe('1 وزارة البيئة في فريدونيا، التقرير السنوي.');
  });
});
