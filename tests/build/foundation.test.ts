// The foundation's promise, checked on the real PDF and HTML of a fictional three-chapter brief:
// footnotes numbered across chapters and printed at the foot of the page that cites them, TOC page
// numbers, running header, page x of y, outline, metadata, tagging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, type Built } from '../helpers/built.ts';
import { normalize, type PdfReport } from '../helpers/pdf.ts';

const filler = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => `The ${tag} water board met on day ${i + 1} to weigh the wells, the pumps and the long dry season ahead of the harvest.`).join(' ');

// Each cited sentence ends with a unique token right before its marker, and each note starts with
// a matching token, so a test can find both in the PDF text.
const chapters = {
  'wells.md': `---\ntitle: Wells of Freedonia\n---\n\n${filler('northern', 6)} Freedonia counts four wells KWA1.[^a1]\n\n## Northern wells\n\n${filler('upland', 10)} The northern wells ran dry in spring KWA2.[^a2]\n\n:::callout{kind=note title="Key points"}\nThe wells are shared with Sylvania KWA3.[^a3]\n:::\n\n${filler('valley', 14)} A second look at the survey KWSHARED.[^shared]\n\n[^a1]: NOTEA1 Freedonia Water Board, *Annual Survey*, 2023.\n[^a2]: NOTEA2 Field notes of the upland inspectors, April 2023.\n[^a3]: NOTEA3 Treaty of Fredonia and Sylvania, art. 4.\n[^shared]: NOTESHARED Ministry of Wells, *Register of Wells*, 2022, p. 12.\n`,
  'pumps.md': `---\ntitle: Pumps and Prices\n---\n\n${filler('pump', 8)} Prices doubled KWB1.[^b1] The register says so too KWSHARED2.[^shared]\n\n## Many sources\n\nOne KWC1.[^c1] Two KWC2.[^c2] Three KWC3.[^c3] Four KWC4.[^c4] Five KWC5.[^c5] Six KWC6.[^c6] Seven KWC7.[^c7] Eight KWC8.[^c8] Nine KWC9.[^c9]\n\n${filler('price', 12)}\n\n[^b1]: NOTEB1 Freedonia Pump Cooperative, price list, 2023.\n${Array.from({ length: 9 }, (_, i) => `[^c${i + 1}]: NOTEC${i + 1} Short source number ${i + 1}.`).join('\n')}\n`,
  'outlook.md': `---\ntitle: Outlook\n---\n\n${filler('outlook', 10)} A very long note follows KWD1.[^long]\n\n## Next steps\n\n${filler('closing', 6)} The end KWD2.[^d2]\n\n[^long]: NOTELONG ${Array.from({ length: 60 }, (_, i) => `longword${i}`).join(' ')} ${filler('footnote', 14)} ENDOFLONGNOTE\n[^d2]: NOTED2 Closing remarks, 2024.\n`,
};

const yaml = `title: "Water in Freedonia"
subtitle: "A fictional brief"
authors: ["R. Firefly", "T. Marx"]
keywords: ["water", "Freedonia"]
language: en
running_header: "Water in Freedonia — test brief"
chapters: [wells.md, pumps.md, outlook.md]
editions:
  - version: "1.0"
    date: 2024-03-01
    summary: "First edition."
`;

let built: Built;
let pdf: PdfReport;
let html: string;

const pageOf = (token: string) => pdf.pages.findIndex((p) => p.includes(token)) + 1;

beforeAll(async () => {
  built = await buildProject({ 'content/fw/brief.yaml': yaml, ...Object.fromEntries(Object.entries(chapters).map(([f, s]) => [`content/fw/chapters/${f}`, s])) }, 'fw');
  ({ pdf, html } = built);
});

afterAll(() => built?.close());

describe('footnotes', () => {
  it('are numbered 1..N across chapters by first reference, a repeat reusing its number', () => {
    const firstRefs = [...html.matchAll(/<a id="fnref-(\d+)" href="#fn-\1"/g)].map((m) => Number(m[1]));
    expect(firstRefs).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(html).toContain('id="fnref-4-2"'); // the shared note cited again in chapter 2 keeps number 4
    const endnotes = [...html.matchAll(/<li id="fn-(\d+)"/g)].map((m) => Number(m[1]));
    expect(endnotes).toEqual(firstRefs);
  });

  it('print each note on the PDF page where it is first cited', () => {
    const pairs = ['A1', 'A2', 'A3', 'SHARED', 'B1', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'D2', 'LONG'];
    for (const p of pairs) {
      const marker = pageOf(p === 'LONG' ? 'KWD1' : `KW${p}`);
      expect(marker, `marker KW${p}`).toBeGreaterThan(1);
      expect(pageOf(`NOTE${p}`), `note of KW${p}`).toBe(marker);
    }
  });

  it('lose no text of a very long note, nor on a page with nine notes', () => {
    const all = normalize(pdf.pages.join(' '));
    for (let i = 0; i < 60; i++) expect(all).toContain(`longword${i}`);
    expect(all).toContain('ENDOFLONGNOTE');
    const nine = pageOf('KWC1');
    for (let i = 1; i <= 9; i++) expect(pdf.pages[nine - 1]).toContain(`NOTEC${i} Short source number ${i}.`);
  });
});

describe('pages', () => {
  it('carry the running header and "x of y" on every page but the cover', () => {
    const n = pdf.pages.length;
    // The header is set in small capitals, so compare case-insensitively.
    const header = 'water in freedonia — test brief';
    expect(pdf.pages[0].toLowerCase()).not.toContain(header);
    for (let i = 2; i <= n; i++) {
      expect(pdf.pages[i - 1].toLowerCase(), `page ${i}`).toContain(header);
      expect(pdf.pages[i - 1], `page ${i}`).toContain(`${i} of ${n}`);
    }
  });

  it('list each chapter in the contents with the page it starts on', () => {
    const tocPage = pdf.pages.findIndex((p) => p.includes('Contents'));
    const toc = normalize(pdf.pages[tocPage]);
    for (const title of ['Wells of Freedonia', 'Northern wells', 'Pumps and Prices', 'Many sources', 'Outlook', 'Next steps']) {
      const listed = Number(new RegExp(`${title}[ .…]*(\\d+)`).exec(toc)?.[1]);
      const actual = pdf.pages.findIndex((p, i) => i > tocPage && p.includes(title)) + 1;
      expect(listed, title).toBe(actual);
    }
  });

  it('open with a cover naming the title, authors and edition', () => {
    const cover = normalize(pdf.pages[0]);
    expect(cover).toContain('Water in Freedonia');
    expect(cover).toContain('R. Firefly');
    expect(cover).toMatch(/Edition 1\.0/);
  });
});

describe('the PDF file', () => {
  it('has bookmarks for the chapters and their sections', () => {
    const titles = pdf.outline.map((o) => o.title);
    expect(titles.slice(0, 3)).toEqual(['Wells of Freedonia', 'Pumps and Prices', 'Outlook']);
    expect(pdf.outline[0].items.map((o) => o.title)).toEqual(['Northern wells']);
  });

  it('has Title, Author, Subject, Keywords and language, and is tagged', () => {
    expect(pdf.info.Title).toBe('Water in Freedonia');
    expect(pdf.info.Author).toBe('R. Firefly; T. Marx');
    expect(pdf.info.Subject).toBe('A fictional brief');
    expect(pdf.info.Keywords).toContain('Freedonia');
    expect(pdf.lang).toBe('en');
    expect(pdf.tagged).toBe(true);
  });

  it('embeds only the Noto fonts shipped with briefkit', () => {
    expect(pdf.fonts.length).toBeGreaterThan(0);
    for (const f of pdf.fonts) expect(f).toMatch(/^Noto/);
  });
});

describe('the HTML edition', () => {
  it('is one self-contained file: no scripts, no outside requests', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\((?!data:)/);
  });

  it('has endnotes with back-links to every reference', () => {
    for (let n = 1; n <= 16; n++) expect(html).toContain(`href="#fnref-${n}"`);
  });
});
