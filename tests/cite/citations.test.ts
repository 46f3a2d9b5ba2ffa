// Citations on the real PDF and HTML of a fictional brief: 6 BibTeX, 2 CSL-JSON and 1 RIS entries
// cited 15 times over 3 chapters (locators, prefixes, a suppressed author, a bare @key, two
// citations inside the author's own note). The note texts asserted below for a book, a report and a
// web page are written from the Chicago Manual's note forms (17th ed., 14.100, 14.221, 14.206).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/runs/build.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { buildPacks } from '../../scripts/runs/packs.ts';
import { openPrinter, type Printer } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { normalize, readPdf, type PdfReport } from '../helpers/pdf.ts';
import { makeProject, removeProject, runCli } from '../helpers/project.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cite/harbours/input');

const BOOK = 'Ann Ritchie et al., The Harbour Book (Lyon: Fictional Press, 2022), 14.';
const REPORT = 'See Freedonian Office of Statistics, “Annual Report on Overseas Stations” (Fredville: Freedonian Office of Statistics, 2021), chap. 3;';
const WEB = 'Jane Doe, “Harbour Fees Explained,” Freedonia Ports Blog, January 2, 2023, https://example.org/fees.';

let parent: string;
let printer: Printer;

/** A copy of the fixture with brief.yaml edited by `edit`. */
function project(edit: (yaml: string) => string = (y) => y): string {
  const root = path.join(parent, `p${Math.random().toString(36).slice(2, 8)}`);
  cpSync(FIXTURE, root, { recursive: true });
  const yaml = path.join(root, 'content/harbours/brief.yaml');
  writeFileSync(yaml, edit(readFileSync(yaml, 'utf8')));
  return root;
}

/** The page (0-based) holding `text`, whitespace-insensitive. */
const pageOf = (pdf: PdfReport, text: string) => pdf.pages.findIndex((p) => normalize(p).includes(text));
/** Numbers of the notes at the foot of a page, in order: lines that start "N " (not the "N of M" folio). */
const notesOn = (page: string) => page.split('\n').filter((l) => /^\d{1,2} [A-Z“]/.test(l) && !/^\d+ of \d+/.test(l)).map((l) => Number(l.split(' ')[0]));

beforeAll(async () => {
  parent = makeProject({});
  printer = await openPrinter({ allowedRoots: [parent, ...fontDirs()] });
});

afterAll(async () => {
  await printer?.close();
  removeProject(parent);
});

describe('a note style (Chicago notes and bibliography, the default)', () => {
  let pdf: PdfReport;
  let html: string;
  let warnings: string[];

  beforeAll(async () => {
    const root = project();
    const r = await build(pipelineContext(root), { name: 'harbours', printer });
    pdf = await readPdf(readFileSync(r.pdf!));
    html = readFileSync(r.html, 'utf8');
    warnings = r.warnings.map((w) => w.rule);
  });

  it('gives each citation the note text the style prescribes: a book, a report and a web page in full', () => {
    const text = normalize(pdf.pages.join('\n'));
    expect(text).toContain(`1 ${BOOK}`);
    expect(text).toContain(`3 ${REPORT} ${WEB}`);
    expect(text).toContain('4 Lee Kim, “Tariffs and Tides,” Journal of Fictional Trade 12, no. 3 (2020): 45–67.');
    expect(text).toContain('7 Maria Garcia, “Customs at Sea” (PhD diss., University of Freedonia, 2018).');
    expect(text).toContain('10 John Smith, A Ledger of Ships (Oslo: Nordic Fictive, 2019).'); // the RIS entry, keyed author+year
    expect(warnings).toEqual([]);
  });

  it('cites a work in short form after its first note, and drops the author on [-@key]', () => {
    const text = normalize(pdf.pages.join('\n'));
    expect(text).toContain('5 The Harbour Book, 15.');
    expect(text).toContain('11 Freedonian Office of Statistics, “Annual Report on Overseas Stations,” 40.');
    expect(text).toContain('12 Doe, “Harbour Fees Explained.”');
    expect(text).toContain('15 Smith, A Ledger of Ships, 7.');
  });

  it('keeps the author in the sentence for a bare @key, and formats citations inside the author\'s note there', () => {
    const text = normalize(pdf.pages.join('\n'));
    expect(text).toContain('Lee Kim4 argues that tariffs follow the tides.');
    expect(text).toContain('8 On the strike see Tom Baker, “Port Strike Ends,” Freedonia Times, March 3, 2024, and compare Ritchie et al., The Harbour Book, 16.');
    expect(text).toContain('Write to harbours@example.org for the data.');
  });

  it('numbers citation notes and the author\'s notes in one sequence 1..15, each at the foot of the page citing it', () => {
    const numbers = pdf.pages.flatMap((p) => notesOn(p));
    expect(numbers).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(normalize(pdf.pages.join('\n'))).toContain('2 Some quays were rebuilt twice');
    for (const [cites, note] of [
      ['grew fast after the war.1', BOOK],
      ['Customs at sea are older than ports.7', '7 Maria Garcia'],
      ['The ledgers are kept in Oslo.15', '15 Smith, A Ledger of Ships, 7.'],
    ]) {
      expect(pageOf(pdf, cites)).toBeGreaterThan(0);
      expect(pageOf(pdf, note)).toBe(pageOf(pdf, cites));
    }
  });

  it('ends with a bibliography of the works cited, sorted as the style sorts, linking URLs in the HTML', () => {
    const page = normalize(pdf.pages[pageOf(pdf, 'Baker, Tom. “Port Strike Ends.”')]);
    const order = ['Baker, Tom.', 'Doe, Jane.', 'Freedonian Office of Statistics.', 'Garcia, Maria.', 'Kim, Lee.', 'Lind, Sara.', 'Novak, Petra.', 'Ritchie, Ann, Ben Moss, Chi Olu, and Dee Park.', 'Smith, John.'];
    expect(page).toContain('Bibliography');
    const at = order.map((s) => page.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(page).toContain('Ritchie, Ann, Ben Moss, Chi Olu, and Dee Park. The Harbour Book. Lyon: Fictional Press, 2022.');
    expect(html).toMatch(/<p class="csl-entry">Doe, Jane\. “Harbour Fees Explained\.” Freedonia Ports Blog, January 2, 2023\. <a href="https:\/\/example\.org\/fees">https:\/\/example\.org\/fees<\/a>\.<\/p>/);
  });
});

describe('an author-date style', () => {
  let pdf: PdfReport;

  beforeAll(async () => {
    const root = project((y) => `${y}citation_style: chicago-author-date\n`);
    pdf = await readPdf(readFileSync((await build(pipelineContext(root), { name: 'harbours', printer })).pdf!));
  });

  it('cites inline, with no note for a citation; the author\'s own notes are numbered 1 and 2', () => {
    const text = normalize(pdf.pages.join('\n'));
    expect(text).toContain('The harbour of Fredville grew fast after the war.(Ritchie et al. 2022, 14) Its growth was uneven.1');
    expect(text).toContain('Kim (2020) argues that tariffs follow the tides.');
    expect(text).toContain('a second estimate.(2022, 15)');
    expect(text).toContain('2 On the strike see (Baker 2024), and compare (Ritchie et al. 2022, 16).');
    expect(pdf.pages.flatMap((p) => notesOn(p))).toEqual([1, 2]);
  });

  it('sorts the bibliography as the style does: author, then year', () => {
    const page = normalize(pdf.pages[pageOf(pdf, 'Baker, Tom. 2024.')]);
    const order = ['Baker, Tom. 2024.', 'Doe, Jane. 2023.', 'Freedonian Office of Statistics. 2021.', 'Garcia, Maria. 2018.', 'Kim, Lee. 2020.', 'Lind, Sara. 2017.', 'Novak, Petra. 2019.', 'Ritchie, Ann', 'Smith, John. 2019.'];
    const at = order.map((s) => page.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });
});

describe('a pack', () => {
  let pdf: PdfReport;

  beforeAll(async () => {
    const root = project();
    const r = await buildPacks(pipelineContext(root), { name: 'harbours', countries: ['FR'], printer, concurrency: 1 });
    const file = path.join(root, 'output/harbours/1.0/packs/harbours-1.0-FR.pdf');
    expect(r.failed).toEqual([]);
    pdf = await readPdf(readFileSync(file));
  });

  it('numbers its notes from 1 and cites each of its works in full the first time', () => {
    const text = normalize(pdf.pages.join('\n'));
    expect(text).not.toContain('The harbour of Fredville'); // the introduction is not in the FR pack
    expect(text).toContain('1 Petra Novak, “Ports in Transition,” in Essays on Harbours, ed. Ivo Stern (Oslo: Nordic Fictive, 2019), 105.');
    expect(text).toContain('On the strike see Tom Baker, “Port Strike Ends,” Freedonia Times, March 3, 2024, and compare Ann Ritchie et al., The Harbour Book (Lyon: Fictional Press, 2022), 16.');
    expect(text).toContain('Freedonian Office of Statistics, “Annual Report on Overseas Stations” (Fredville: Freedonian Office of Statistics, 2021), 40.');
    expect(text).toContain('Jane Doe, “Harbour Fees Explained,” Freedonia Ports Blog, January 2, 2023, https://example.org/fees.');
    const numbers = pdf.pages.flatMap((p) => notesOn(p));
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  });

  it('lists only the works its own text cites', () => {
    const page = normalize(pdf.pages[pageOf(pdf, 'Baker, Tom. “Port Strike Ends.”')]);
    expect(page).toContain('Novak, Petra.');
    expect(page).not.toContain('Kim, Lee.'); // cited only in the introduction
  });
});

describe('brief check', () => {
  it('warns about an entry never cited, at its place in the .bib', async () => {
    const root = project();
    const intro = path.join(root, 'content/harbours/chapters/introduction.md');
    writeFileSync(intro, readFileSync(intro, 'utf8').replace('@kim2020 argues', 'Kim argues'));
    const r = await runCli(['--root', root, 'check', 'harbours']);
    expect(r.code).toBe(0);
    expect(r.err + r.out).toContain('content/harbours/refs.bib:25:1: warning bibliography entry "kim2020" is never cited [cite-unused]');
  });
});
