// Figures and tables laid out as a designer would, checked on the real PDF: a column of ten
// decimals lined up on the point, a 14-column table on landscape pages with its header repeated,
// a callout longer than a page split between paragraphs, a chapter title printed once.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, type Built } from '../helpers/built.ts';
import { normalize, type PdfReport } from '../helpers/pdf.ts';

const regions = ['Northwestern', 'Southeastern', 'Midlands', 'Highlands', 'Lowlands', 'Riverside'];
const measures = 'population,households,wells,pumps,clinics,schools,markets,bridges,ferries,depots,granaries,mills,kilns'.split(',');
// 14 columns of words too long to sit side by side in a portrait column.
const wideRows = Array.from({ length: 60 }, (_, i) => [`District${String(i + 1).padStart(2, '0')}`, ...measures.map((_, j) => `${regions[(i + j) % regions.length]}-${(i * 7 + j * 3) % 97}`)]);
const wideCsv = `district,${measures.join(',')}\n${wideRows.map((r) => r.join(',')).join('\n')}\n`;
const values = [0.1234567891, 12.5, 3, 140.25, 0.0001];
const ratesCsv = `place,rate,fert\n${values.map((v, i) => `Place${i + 1},${v},${[1.8, 1.96, 2.2, 2, 1.75][i]}`).join('\n')}\n`;
/** Paragraphs in the long callout: it ends with room for part, not all, of the kept box after it. */
const BOX = 12;
const para = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i} keeps the pumps and the ledgers of the villages in order.`).join(' ');

const files = {
  'data/wide.csv': wideCsv,
  'data/rates.csv': ratesCsv,
  'content/lay/brief.yaml': `title: "Layout of Freedonia"\nauthors: ["R. Firefly"]\nchapters: [summary.md, figures.md, tables.md, boxes.md]\ndatasets:\n  wide: data/wide.csv\n  rates: data/rates.csv\neditions:\n  - version: "1.0"\n    date: 2024-03-01\n    summary: "First edition."\n`,
  'content/lay/chapters/summary.md': `---\ntitle: Summary\n---\n\n# Summary\n\nThe summary opens here. The rates are in :ref[tbl-rates] and the districts in :ref[tbl-wide]; the map is :ref[fig-map].\n`,
  'content/lay/charts/rates.vl.json': JSON.stringify({ mark: 'bar', encoding: { x: { field: 'place', type: 'nominal' }, y: { field: 'fert', type: 'quantitative' } } }),
  'content/lay/images/map.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240" viewBox="0 0 400 240"><rect width="400" height="240" fill="#9ab"/><circle cx="200" cy="120" r="80" fill="#345"/></svg>',
  'content/lay/chapters/figures.md': `---\ntitle: Figures\n---\n\n${para(30, 'Prose')}\n\n::chart{spec=charts/rates.vl.json data=rates caption="Fertility by place" alt="Bar chart of fertility in five places"}\n\n${para(20, 'More')}\n\n::figure{src=images/map.svg caption="The wells on a map" alt="A map of Freedonia with its {{count rates}} places" #fig-map}\n\nAfter the map.\n\n![The same map, smaller](images/map.svg "The wells again")\n`,
  'content/lay/chapters/tables.md': `---\ntitle: Tables\n---\n\nBefore the rates.\n\n::table{data=rates columns="place:Place,rate:Rate:0.0000000000,fert:Fertility" caption="Rates" #tbl-rates}\n\nBetween the tables.\n\n::table{data=wide caption="Districts" #tbl-wide}\n\nAfter the districts, the text goes on upright.\n\n::table{data=wide where="district == 'District07'" landscape=false caption="One district kept upright"}\n`,
  'content/lay/chapters/boxes.md': `---\ntitle: Boxes\n---\n\n${para(18, 'Opening')}\n\n:::callout{kind=note title="Long box"}\n${Array.from({ length: BOX }, (_, k) => `Para${k} ${para(7, `box${k}w`)}`).join('\n\n')}\n:::\n\nAfter the box.\n\n:::callout{kind=summary title="Kept box" keep=true}\n${Array.from({ length: 5 }, (_, k) => `Kept${k} ${para(6, `kept${k}w`)}`).join('\n\n')}\n:::\n`,
};

let built: Built;
let pdf: PdfReport;

beforeAll(async () => {
  built = await buildProject(files, 'lay');
  ({ pdf } = built);
});

afterAll(() => built?.close());

const pageOf = (text: string) => pdf.pages.findIndex((p) => normalize(p).includes(text));

it('fits everything on its pages: no overflow warning', () => {
  expect(built.result.warnings).toEqual([]);
});

describe('number formats', () => {
  it('prints ten decimals, right-aligned so the decimal points line up', () => {
    const page = pdf.items[pageOf('Before the rates.')];
    const cells = page.filter((t) => /^\d+\.\d+$/.test(t.str) && t.str.split('.')[1].length === 10);
    expect(cells.map((c) => c.str)).toEqual(['0.1234567891', '12.5000000000', '3.0000000000', '140.2500000000', '0.0001000000']);
    // Tabular figures: every digit has the same advance d, so a run is digits × d + the point's
    // width; two runs with different digit counts give d, and each point's x is x + (digits before it) × d.
    const digits = (c: { str: string }) => c.str.length - 1;
    const [a, b] = [cells[0], cells[3]]; // 11 and 13 digits
    const d = (b.width - a.width) / (digits(b) - digits(a));
    expect(d).toBeGreaterThan(2);
    const points = cells.map((c) => c.x + c.str.indexOf('.') * d);
    expect(Math.max(...points) - Math.min(...points)).toBeLessThan(0.5);
    const rights = cells.map((c) => c.x + c.width);
    expect(Math.max(...rights) - Math.min(...rights)).toBeLessThan(0.5);
  });

  it('lines up a column without a format on the point, printing no zeros the data lacks', () => {
    const page = pdf.items[pageOf('Before the rates.')];
    const text = normalize(pdf.pages[pageOf('Before the rates.')]);
    expect(text).toContain('Place1 0.1234567891 1.8');
    // 1.8, 1.96, 2.2, 1.75: the points in one line (the digit advance from 1.96 against 1.8).
    const fert = ['1.8', '1.96', '2.2', '1.75'].map((str) => page.find((t) => t.str === str)!);
    const d = fert[1].width - fert[0].width;
    const points = fert.map((c) => c.x + c.str.indexOf('.') * d);
    expect(Math.max(...points) - Math.min(...points)).toBeLessThan(0.5);
    expect(text).not.toContain('1.80');
  });
});

describe('a table wider than the text column', () => {
  it('lands on landscape pages, with its header on every one, and the running header kept', () => {
    const pages = pdf.pages.map((p, i) => (/District\d\d/.test(p) && !p.includes('One district kept upright') ? i : -1)).filter((i) => i >= 0);
    expect(pages.length).toBeGreaterThan(1);
    for (const i of pages) {
      expect(pdf.sizes[i].width, `page ${i + 1}`).toBeGreaterThan(pdf.sizes[i].height);
      const text = normalize(pdf.pages[i]);
      expect(text).toContain('District Population Households Wells');
      expect(text).toContain('Kilns');
      expect(text.replace(/\s/g, '').toLowerCase()).toContain('layoutoffreedonia'); // the running header
      expect(text).not.toContain('Between the tables.');
    }
    expect(normalize(pdf.pages.slice(pages[0], pages.at(-1)! + 1).join(' ')).match(/District\d\d/g)).toHaveLength(60);
  });

  it('keeps the text around it on upright pages, and :ref gives its landscape page', () => {
    const before = pageOf('Between the tables.');
    const after = pageOf('After the districts');
    const first = pdf.pages.findIndex((p) => p.includes('District01'));
    expect(pdf.sizes[before].height).toBeGreaterThan(pdf.sizes[before].width);
    expect(pdf.sizes[after].height).toBeGreaterThan(pdf.sizes[after].width);
    expect(first).toBe(before + 1);
    expect(normalize(pdf.pages[pageOf('The summary opens here.')])).toContain(`the districts in Table 2, p. ${first + 1}`);
  });
});

it('landscape=false keeps a wide table upright, in smaller type', () => {
  const page = pageOf('One district kept upright');
  expect(pdf.sizes[page].height).toBeGreaterThan(pdf.sizes[page].width);
  expect(normalize(pdf.pages[page])).toContain('District07');
});

describe('a callout longer than a page', () => {
  it('starts right after the text before it and splits between paragraphs', () => {
    const opening = pageOf('Opening17 keeps');
    expect(pageOf('LONG BOX')).toBe(opening);
    const last = pageOf(`Para${BOX - 1}`);
    expect(last).toBeGreaterThan(opening);
    // Every paragraph of the box lies on one page.
    for (let k = 0; k < BOX; k++) {
      const on = pdf.pages.map((p, i) => (normalize(p).includes(`box${k}w0 `) || normalize(p).includes(`box${k}w6 keeps`) ? i : -1)).filter((i) => i >= 0);
      expect(new Set(on).size, `paragraph ${k}`).toBe(1);
    }
  });
});

describe('an image figure', () => {
  it('is numbered with the charts, and :ref gives its number and page', () => {
    const page = pageOf('Figure 2. The wells on a map');
    expect(page).toBeGreaterThan(0);
    expect(pageOf('Figure 1. Fertility by place')).toBeGreaterThan(0);
    expect(normalize(pdf.pages[pageOf('The summary opens here.')])).toContain(`the map is Figure 2, p. ${page + 1}`);
  });

  it('may be a markdown image with a title, alone in its paragraph', () => {
    expect(pageOf('Figure 3. The wells again')).toBeGreaterThan(0);
    expect(built.html).toContain('<figure class="image" id="fig-3"><img src="data:image/svg+xml;base64,');
    expect(built.html).toContain('alt="The same map, smaller"><figcaption><span class="label">Figure 3.</span> The wells again</figcaption></figure>');
  });

  it('is embedded in the HTML edition, with its alt text', () => {
    expect(built.html).toMatch(/<figure class="image" id="fig-map"><img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="A map of Freedonia with its 5 places"><figcaption><span class="label">Figure 2\.<\/span> The wells on a map<\/figcaption><\/figure>/);
  });
});

describe('a callout with keep=true', () => {
  it('moves whole to the next page rather than split', () => {
    const title = pageOf('KEPT BOX');
    expect(title).toBe(pageOf('After the box.') + 1);
    expect(pageOf('Kept4 kept4w0')).toBe(title);
    // Room was left for part of it: a callout that may split would have begun there.
    const before = pdf.items[title - 1];
    const lowest = Math.max(...before.filter((t) => t.str !== 'DRAFT' && t.y < pdf.sizes[title - 1].height - 60).map((t) => t.y + t.height));
    expect(pdf.sizes[title - 1].height - lowest).toBeGreaterThan(pdf.sizes[title - 1].height * 0.25);
  });
});

describe('a chapter whose title is also its first heading', () => {
  it('prints the title once', () => {
    expect(pdf.outline.filter((o) => o.title === 'Summary')).toHaveLength(1);
    expect(built.html.match(/<h1[^>]*>Summary<\/h1>/g)).toHaveLength(1);
  });
});

// For looking at the pages: BRIEF_LAYOUT_PNG=dir renders them with pdftoppm.
if (process.env.BRIEF_LAYOUT_PNG) {
  afterAll(() => execFileSync('pdftoppm', ['-png', '-r', '50', built.result.pdf!, `${process.env.BRIEF_LAYOUT_PNG}/page`]));
}
