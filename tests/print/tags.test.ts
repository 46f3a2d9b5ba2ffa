// PDF/UA-1 tagging, read back from the real PDFs: the sample brief, one of its packs and a redline
// (built by the CLI in a copy of the repository's sample), and the long fixture printed directly
// (a table split over pages, footnotes at the foot of the page and as endnotes, an image).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPdf } from '../../scripts/pdfcheck/index.ts';
import { PdfFile } from '../../scripts/pdfcheck/pdf.ts';
import type { StructElem as StructTreeElem } from '../../scripts/pdfcheck/structure.ts';
import { openPrinter, type Printer } from '../../scripts/print/index.ts';
import { all, linkContents, readMarking, readStructure, type PageMarking, type StructElem } from '../helpers/structure.ts';
import { removeProject, runCliOk } from '../helpers/project.ts';
import { buildFixture, printOptions } from './fixture.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const NAME = '110-overseas';

/** Structure invariants every PDF we print keeps. */
function expectAccessibleTree(root: StructElem, what: string) {
  const elems = all(root);
  expect(elems.length, what).toBeGreaterThan(50);
  const nonStruct = elems.filter((e) => e.type === 'NonStruct').length;
  expect(nonStruct / elems.length, `${what}: NonStruct share`).toBeLessThanOrEqual(0.05);
  for (const f of elems.filter((e) => e.type === 'Figure')) expect(f.alt, `${what}: a Figure without /Alt`).toBeTruthy();
  for (const l of elems.filter((e) => e.type === 'L')) expect(l.kids.map((k) => k.type).filter((t) => t !== 'LI' && t !== 'Caption'), `${what}: L holds only LI`).toEqual([]);
  for (const li of elems.filter((e) => e.type === 'LI')) expect(li.kids.map((k) => k.type).filter((t) => t !== 'Lbl' && t !== 'LBody'), `${what}: LI holds Lbl and LBody`).toEqual([]);
  const levels = elems.flatMap((e) => (/^H[1-6]$/.test(e.type) ? [Number(e.type[1])] : []));
  expect(levels[0], `${what}: the first heading`).toBe(1);
  levels.forEach((level, i) => i && expect(level, `${what}: heading ${i + 1} (H${level} after H${levels[i - 1]})`).toBeLessThanOrEqual(levels[i - 1] + 1));
  const ids = elems.flatMap((e) => (e.id ? [e.id] : []));
  expect(new Set(ids).size, `${what}: structure /IDs are unique`).toBe(ids.length);
}

const squeeze = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** Running header, folio and draft mark: artifacts on every page but the cover, never tagged. */
function expectFurnitureArtifacts(marking: PageMarking[], what: string) {
  const total = marking.length;
  marking.forEach((page, i) => {
    if (i === 0) return; // the cover has no furniture
    const folio = `${i + 1} of ${total}`;
    expect(page.artifact, `${what}: page ${i + 1} folio`).toContain(folio);
    expect(page.tagged, `${what}: page ${i + 1} folio tagged`).not.toContain(folio);
    expect(page.unmarked, `${what}: page ${i + 1} text neither tagged nor an artifact`).toBe('');
  });
}

describe('the sample brief, a pack and a redline', () => {
  let parent: string;
  let root: string;
  const pdfs = new Map<string, Uint8Array>();

  beforeAll(async () => {
    parent = mkdtempSync(path.join(tmpdir(), 'briefkit-tags-'));
    root = path.join(parent, 'project');
    for (const dir of [`content/${NAME}`, `releases/${NAME}`, 'data', '.cache']) {
      if (existsSync(path.join(REPO, dir))) cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
    }
    await runCliOk(root, ['build', NAME]);
    await runCliOk(root, ['packs', NAME, '--country', 'IT', '--concurrency', '1', '--lang', 'en']);
    await runCliOk(root, ['diff', NAME, '1.1', 'draft']);
    const out = path.join(root, 'output');
    for (const f of readdirSync(out, { recursive: true }) as string[]) if (f.endsWith('.pdf')) pdfs.set(f, new Uint8Array(readFileSync(path.join(out, f))));
  }, 600_000);

  afterAll(() => parent && removeProject(parent));

  const one = (test: (f: string) => boolean, what: string) => {
    const found = [...pdfs].filter(([f]) => test(f));
    expect(found.map(([f]) => f), what).toHaveLength(1);
    return found[0][1];
  };
  const brief = () => one((f) => f.endsWith(`${NAME}-1.2.pdf`), 'the brief');
  const pack = () => one((f) => /IT/.test(path.basename(f)), 'the Italy pack');
  const redline = () => one((f) => /1\.1.*draft|redline|diff/i.test(f), 'the redline');

  it('has no NonStruct wrappers, nested headings, lists as L/LI/LBody, figures with /Alt', async () => {
    expectAccessibleTree(await readStructure(brief()), 'brief');
    expectAccessibleTree(await readStructure(pack()), 'pack');
    expectAccessibleTree(await readStructure(redline()), 'redline');
  });

  it('passes every rule of brief check --pdf: the brief, the pack and the redline', async () => {
    for (const [what, bytes] of [['brief', brief()], ['pack', pack()], ['redline', redline()]] as const) {
      expect((await checkPdf({ bytes, file: `${what}.pdf` })).map((d) => d.message), what).toEqual([]);
    }
  });

  it('joins what a page break split: a chapter is one Art with its one H1, not one per page', async () => {
    const arts = all(await readStructure(brief())).filter((e) => e.type === 'Art');
    expect(arts.length).toBeGreaterThanOrEqual(7); // the sample's seven chapters, and more matter
    expect(arts.map((a) => all(a).filter((e) => e.type === 'H1').length)).toEqual(arts.map(() => 1));
  });

  it("gives the chart and the map their author's alt text as /Alt", async () => {
    const chapter = readFileSync(path.join(root, 'content', NAME, 'chapters', 'stations.md'), 'utf8');
    const alts = [...chapter.matchAll(/::chart\{[^}]*\balt="([^"]+)"/g)].map((m) => m[1]);
    expect(alts).toHaveLength(2);
    const figures = all(await readStructure(brief())).filter((e) => e.type === 'Figure');
    expect(figures.map((f) => f.alt)).toEqual(alts);
  });

  it('tags every footnote as a Note with the id its references link to', async () => {
    const html = readFileSync(path.join(root, 'output', NAME, '1.2', `${NAME}-1.2.html`), 'utf8');
    const noteIds = [...html.matchAll(/<li id="(fn-\d+)"/g)].map((m) => m[1]);
    expect(noteIds.length).toBeGreaterThan(100);
    const notes = all(await readStructure(brief())).filter((e) => e.type === 'Note');
    expect(notes.map((n) => n.id)).toEqual(noteIds);
    for (const n of notes) expect(all(n).length + n.content, `${n.id} has content`).toBeGreaterThan(0);
  });

  it('marks running header, page numbers and rules as artifacts, outside the structure tree', async () => {
    const marking = await readMarking(brief());
    expectFurnitureArtifacts(marking, 'brief');
    // The running header from brief.yaml, compared without spaces: it is set letter-spaced in small capitals.
    const yaml = readFileSync(path.join(root, 'content', NAME, 'brief.yaml'), 'utf8');
    const header = squeeze(/^running_header:\s*"(.+)"/m.exec(yaml)![1]);
    marking.slice(1).forEach((page, i) => {
      expect(squeeze(page.artifact), `page ${i + 2} header`).toContain(header);
      expect(squeeze(page.tagged), `page ${i + 2} header tagged`).not.toContain(header);
    });
    expectFurnitureArtifacts(await readMarking(redline()), 'redline');
  });

  it('puts every link in a Link element and describes its annotation (/Contents)', async () => {
    const html = readFileSync(path.join(root, 'output', NAME, '1.2', `${NAME}-1.2.html`), 'utf8');
    const noteRefs = [...html.matchAll(/role="doc-noteref"/g)].length;
    const contents = await linkContents(brief());
    expect(contents.filter((c) => c === null)).toEqual([]);
    expect(contents).toContain('Go to note 3');
    expect(contents.filter((c) => c?.startsWith('Go to note '))).toHaveLength(noteRefs);
    expect(contents.some((c) => /^Link to https?:\/\//.test(c!))).toBe(true);
    const elems = all(await readStructure(brief()));
    expect(elems.filter((e) => e.type === 'Link').reduce((n, e) => n + e.annots, 0), 'annotations in Link elements').toBe(contents.length);
    expect(elems.filter((e) => e.type !== 'Link' && e.annots).map((e) => e.type), 'annotations elsewhere').toEqual([]);
    expect((await linkContents(pack())).filter((c) => c === null)).toEqual([]);
  });
});

describe('the long fixture', () => {
  let printer: Printer;
  const options = printOptions();

  beforeAll(async () => {
    printer = await openPrinter({ allowedRoots: options.allowedRoots });
  }, 120_000);

  afterAll(() => printer?.close());

  const IMAGE = '<figure class="image"><img alt="A dark blue square" width="60" height="60" src="data:image/svg+xml;base64,' + Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60"><rect width="60" height="60" fill="#1f3a5f"/></svg>').toString('base64') + '"><figcaption>Figure 9. A square.</figcaption></figure>';

  it('keeps a header row of TH (scope Column) on every page a table is split over', async () => {
    const fx = buildFixture({ inject: IMAGE });
    const out = await printer.print({ html: fx.html, name: 'fixture.pdf', options });
    const tree = await readStructure(out.pdf);
    expectAccessibleTree(tree, 'fixture');
    const tables = all(tree).filter((t) => t.type === 'Table' && all(t).some((e) => e.type === 'TD' && e.content));
    expect(tables.length, 'the long table is split over several pages').toBeGreaterThan(2);
    for (const t of tables) {
      const firstRow = t.kids.find((k) => k.type === 'TR')!;
      expect(firstRow.kids.map((c) => [c.type, c.scope])).toEqual(fx.tableHeader.map(() => ['TH', 'Column']));
    }
    const alts = all(tree).filter((e) => e.type === 'Figure').map((f) => f.alt);
    expect(alts).toEqual(['A dark blue square', 'Stations by year opened']);
    const notes = all(tree).filter((e) => e.type === 'Note');
    expect(notes.map((n) => n.id)).toEqual(fx.notes.map((n) => `fn-${n.n}`));
    const arts = all(tree).filter((e) => e.type === 'Art');
    expect(arts.length, 'one Art per chapter').toBe(fx.chapters.length);
    // The long table stays in one figure group, its parts side by side in it.
    expect(all(tree).filter((e) => e.type === 'Div' && e.kids.filter((k) => k.type === 'Table').length === tables.length)).toHaveLength(1);
    expectFurnitureArtifacts(await readMarking(out.pdf), 'fixture');
  });

  it('tags endnotes as Notes inside their list items', async () => {
    const fx = buildFixture({ footnotes: 'endnotes', draft: 'Draft — not for circulation' });
    const out = await printer.print({ html: fx.html, name: 'endnotes.pdf', options });
    const tree = await readStructure(out.pdf);
    expectAccessibleTree(tree, 'endnotes');
    const items = all(tree).filter((e) => e.type === 'LBody' && e.kids.some((k) => k.type === 'Note'));
    expect(items.length).toBe(fx.notes.length);
    const marking = await readMarking(out.pdf);
    expectFurnitureArtifacts(marking, 'endnotes');
    for (const page of marking.slice(1)) expect(page.tagged).not.toContain('not for circulation');
  });

  it("hands the build's check the tree and links a reader of the file finds, so the check need not parse them again", async () => {
    const fx = buildFixture({ inject: IMAGE, footnotes: 'endnotes' });
    const out = await printer.print({ html: fx.html, name: 'handed.pdf', options });
    const file = await PdfFile.load(out.pdf);
    expect(out.structure?.tree).toEqual(file.structTree());
    expect(out.structure?.links).toEqual(file.links());
    expect(out.structure?.links.length).toBeGreaterThan(0);
    // The same findings either way; and the handed tree is what is checked (a Figure without /Alt in it is found).
    expect(await checkPdf({ bytes: out.pdf, file: 'x.pdf', written: out.structure })).toEqual(await checkPdf({ bytes: out.pdf, file: 'x.pdf' }));
    const strip = (e: StructTreeElem): StructTreeElem => ({ ...e, alt: e.type === 'Figure' ? null : e.alt, kids: e.kids.map(strip) });
    const handed = await checkPdf({ bytes: out.pdf, file: 'x.pdf', written: { tree: out.structure!.tree!.map(strip), links: out.structure!.links } });
    expect(handed.map((d) => d.rule)).toContain('pdfua-figure-alt');
  });

  it("keeps the browser's file and appends to it: every cross-reference entry points at its object", async () => {
    const fx = buildFixture({ size: 0.3, tableRows: 60 });
    const { pdf } = await printer.print({ html: fx.html, name: 'x.pdf', options });
    const text = Buffer.from(pdf).toString('latin1');
    expect(text.startsWith('%PDF-1.4\n%')).toBe(true); // Chromium's header, not a re-serialised file
    const sections = [...text.matchAll(/xref\n(\d+) (\d+)\n((?:\d{10} \d{5} [nf] \n)+)/g)];
    expect(sections.length).toBeGreaterThanOrEqual(2); // the browser's objects (restructured), then the metadata's update
    let inUse = 0;
    for (const [, first, , rows] of sections) {
      rows.match(/.{20}/gs)!.forEach((row, i) => {
        if (row[17] !== 'n') return;
        inUse++;
        const at = Number(row.slice(0, 10));
        expect(text.slice(at, at + 24), `object ${Number(first) + i}`).toMatch(new RegExp(`^${Number(first) + i} ${Number(row.slice(11, 16))} obj\\b`));
      });
    }
    expect(inUse).toBeGreaterThan(500);
  });

  it('prints the same bytes twice', async () => {
    const fx = buildFixture({ size: 0.3, tableRows: 60 });
    const a = await printer.print({ html: fx.html, name: 'a.pdf', options });
    const b = await printer.print({ html: fx.html, name: 'b.pdf', options });
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
  });
});
