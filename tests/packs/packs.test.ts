// brief packs, end to end on the Freedonian trade-offices fixture: what Belgium's pack holds
// (read from the real PDF), the index, sharding with identical bytes, and failures named by
// country while the other packs are written.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPacks, type PacksResult } from '../../scripts/runs/packs.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { openPrinter, type Printer } from '../../scripts/print/index.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { RenderError, Reporter } from '../../scripts/messages.ts';
import { diagnosticLines } from '../helpers/fixtures.ts';
import { normalize, readPdf, type PdfReport } from '../helpers/pdf.ts';
import { removeProject, runCli } from '../helpers/project.ts';
import { BRIEF, FIVE, listFiles, packFile, packsDirOf, packsProject, VERSION } from './fixture.ts';

const parent = mkdtempSync(path.join(tmpdir(), 'briefkit-packs-'));
let printer: Printer;

beforeAll(async () => {
  printer = await openPrinter({ allowedRoots: [parent, ...fontDirs()], concurrency: 2 });
});

afterAll(async () => {
  await printer?.close();
  removeProject(parent);
});

const project = (opts: { countries?: number; extraRows?: string[] } = {}) => packsProject({ parent, ...opts });

describe('the pack for Belgium', () => {
  let root: string;
  let result: PacksResult;
  let pdf: PdfReport;
  let text: string;

  beforeAll(async () => {
    root = project();
    result = await buildPacks(pipelineContext(root), { name: BRIEF, printer, concurrency: 2 });
    pdf = await readPdf(readFileSync(packFile(root, 'BE', 'pdf')));
    text = normalize(pdf.pages.join('\n'));
  });

  it('is one of five packs, one per country in the data', () => {
    expect(result.failed).toEqual([]);
    expect(result.built.map((b) => b.country)).toEqual(FIVE);
    for (const code of FIVE) for (const ext of ['pdf', 'html'] as const) expect(existsSync(packFile(root, code, ext)), `${code}.${ext}`).toBe(true);
  });

  it('names the country on the cover, with the edition and its date', () => {
    expect(normalize(pdf.pages[0])).toContain('Belgium Freedonian Trade Offices A fictional brief');
    expect(normalize(pdf.pages[0])).toContain('Edition 1.1 · 1 March 2024');
    expect(pdf.info.Title).toBe('Freedonian Trade Offices — Belgium');
  });

  it("holds Belgium's rows only, in the table and in the prose", () => {
    for (const city of ['Antwerp', 'Brussels', 'Liège']) expect(text).toContain(city);
    for (const city of ['Vienna', 'Graz', 'Santiago', 'Copenhagen', 'Aarhus', 'Tallinn']) expect(text).not.toContain(city);
    expect(text).toContain('Freedonia runs 3 trade offices with 27 staff in all, in 1 country.');
  });

  it('agrees in number in the pack of a country with one office: "1 trade office", "1 country"', async () => {
    const estonia = normalize((await readPdf(readFileSync(packFile(root, 'EE', 'pdf')))).pages.join('\n'));
    expect(estonia).toContain('Freedonia runs 1 trade office with 4 staff in all, in 1 country.');
  });

  it("holds Belgium's country paragraphs and no other country's", () => {
    expect(text).toContain('the Brussels office handles the cocoa quota talks');
    expect(text).toContain('The Antwerp office shares a harbour ledger');
    expect(text).not.toContain('Danube barge accord'); // AT
    expect(text).not.toContain('wind turbine blades'); // DK
    expect(text).not.toContain('Baltic routes'); // EE
    expect(text).not.toContain('Estonia in depth'); // EE's chapter
    expect(text).not.toContain('quarter'); // general text of a chapter the pack leaves out
  });

  it('numbers the notes it cites 1..k, each at the foot of the page that cites it', () => {
    const notes = [
      'Freedonian Ministry of Trade, Register of trade offices, January 2024.',
      'Staff counts are full-time equivalents at 31 December 2023',
      'Customs union secretariat, Cocoa quota minutes, 2022.',
      'Freedonian Ministry of Trade, Harbour ledger agreements, 2020.',
      'Port authority of Antwerp, Annual review, 2003.',
      'Freedonian Ministry of Trade, Register of trade offices, annex tables, January 2024.',
    ];
    const cited = new Set(pdf.links.flatMap((links) => links.flatMap((l) => (l.dest?.startsWith('fn-') ? [l.dest] : []))));
    expect([...cited].sort()).toEqual(notes.map((_, i) => `fn-${i + 1}`).sort());
    notes.forEach((note, i) => {
      const n = i + 1;
      const page = pdf.links.findIndex((links) => links.some((l) => l.dest === `fn-${n}`));
      expect(page, `marker of note ${n}`).toBeGreaterThan(1);
      expect(normalize(pdf.pages[page]), `note ${n} on page ${page + 1}`).toContain(`${n} ${note}`);
      expect(text.split(note).length - 1, `note ${n} printed once`).toBe(1);
    });
    for (const other of ['Danube barge accord, press release', 'Blades abroad', 'Quarterly reporting circular', 'Digital trade partners']) expect(text).not.toContain(other);
  });

  it('names what only the full brief holds instead of a broken reference', () => {
    expect(text).toContain('The offices are listed in Table 1');
    expect(text).toContain('and Figure 1 of the full brief compares their staff.');
    expect(text).toMatch(/Figure 1\. Countries hosting Freedonian trade offices/); // the map, renumbered
  });

  it('ends with the revision log', () => {
    const last = normalize(pdf.pages[pdf.pages.length - 1]);
    expect(last).toContain('Revision log');
    expect(last).toContain('Added the Liège office.');
  });

  it('writes a self-contained HTML edition of the pack', () => {
    const html = readFileSync(packFile(root, 'BE', 'html'), 'utf8');
    expect(html).toContain('<p class="cover-country">Belgium</p>');
    expect(html).toContain('<title>Freedonian Trade Offices — Belgium</title>');
    expect(html).toContain('cocoa quota talks');
    expect(html).not.toContain('Danube');
    expect(html).not.toMatch(/\s(src|href)="(https?:|file:)/);
  });

  it('lists every pack in index.html and index.json with name, pages and size', () => {
    const dir = packsDirOf(root);
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
    expect(index.packs.map((p: { country: string }) => p.country)).toEqual(FIVE);
    const be = index.packs.find((p: { country: string }) => p.country === 'BE');
    expect(be).toMatchObject({ name: 'Belgium', pdf: `${BRIEF}-${VERSION}-BE.pdf`, pages: pdf.pages.length, bytes: readFileSync(packFile(root, 'BE', 'pdf')).byteLength });
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    for (const name of ['Austria', 'Belgium', 'Chile', 'Denmark', 'Estonia']) expect(html).toContain(`>${name}</a>`);
    expect(html).toContain(`href="${BRIEF}-${VERSION}-BE.pdf"`);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});

describe('brief packs on the command line', () => {
  it('renders the packs named with --country only', async () => {
    const root = project();
    const r = await runCli(['packs', BRIEF, '--root', root, '--country', 'dk,EE', '--concurrency', '1']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/\[1\/2\] DK Denmark: \d+ pages/);
    expect(listFiles(packsDirOf(root))).toEqual(['index.html', 'index.json', `${BRIEF}-${VERSION}-DK.html`, `${BRIEF}-${VERSION}-DK.pdf`, `${BRIEF}-${VERSION}-EE.html`, `${BRIEF}-${VERSION}-EE.pdf`]);
  });

  it('refuses a --country the data does not have, listing the valid codes (usage error)', async () => {
    const root = project();
    const r = await runCli(['packs', BRIEF, '--root', root, '--country', 'BE,FR']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no pack for "FR": offices.country_code has no rows for it');
    expect(r.err).toContain('AT, BE, CL, DK, EE');
    expect(existsSync(packsDirOf(root))).toBe(false);
  });

  it('refuses a malformed --shard', async () => {
    const root = project();
    for (const bad of ['0/3', '4/3', 'two/3', '1-3']) expect((await runCli(['packs', BRIEF, '--root', root, '--shard', bad])).code, bad).toBe(2);
  });

  it('splits into shards that together give the same files, byte for byte, as one run', async () => {
    const root = project();
    const whole = path.join(root, 'whole');
    expect((await runCli(['packs', BRIEF, '--root', root, '--concurrency', '2'])).code).toBe(0);
    renameSync(packsDirOf(root), whole);
    const shards: string[][] = [];
    for (const i of [1, 2, 3]) {
      const r = await runCli(['packs', BRIEF, '--root', root, '--shard', `${i}/3`, '--concurrency', '2']);
      expect(r.code, r.err).toBe(0);
      shards.push(listFiles(packsDirOf(root)));
    }
    // Round-robin over the sorted codes: AT, DK | BE, EE | CL.
    expect(shards[0].filter((f) => f.endsWith('.pdf'))).toEqual([`${BRIEF}-${VERSION}-AT.pdf`, `${BRIEF}-${VERSION}-DK.pdf`]);
    expect(shards[2]).toContain('index-shard-3-of-3.json');
    const merged = await runCli(['packs', BRIEF, '--root', root, '--merge-index']);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.out).toContain('5 packs from 3 shards');
    const files = listFiles(packsDirOf(root));
    expect(files).toEqual(listFiles(whole));
    for (const f of files) expect(readFileSync(path.join(packsDirOf(root), f)).equals(readFileSync(path.join(whole, f))), f).toBe(true);
  });

  it('refuses to merge an incomplete set of shards, naming the missing one', async () => {
    const root = project();
    expect((await runCli(['packs', BRIEF, '--root', root, '--shard', '1/2', '--country', 'AT'])).code).toBe(0);
    const r = await runCli(['packs', BRIEF, '--root', root, '--merge-index']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('index-shard-2-of-2.json is missing');
    expect(r.err).toContain('--shard 2/2');
  });
});

describe('a pack that fails', () => {
  it('bad data for one country: the others are written, the failure named, exit 1', async () => {
    const root = project({ extraRows: ['QQ,Nowhere,Nowhere City,1,2000'] });
    // A pack of an earlier run must not survive as if it were current.
    mkdirSync(packsDirOf(root), { recursive: true });
    writeFileSync(packFile(root, 'QQ', 'pdf'), 'stale');
    const r = await runCli(['packs', BRIEF, '--root', root, '--concurrency', '2']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/QQ QQ: FAILED — data\/offices\.csv:11:1: "QQ" in offices\.country_code is not an ISO 3166-1 alpha-2 country code/);
    expect(r.err).toContain('[pack-code-invalid]');
    expect(r.out).toContain('5 of 6 packs');
    for (const code of FIVE) expect(existsSync(packFile(root, code, 'pdf')), code).toBe(true);
    expect(existsSync(packFile(root, 'QQ', 'pdf'))).toBe(false);
    const index = JSON.parse(readFileSync(path.join(packsDirOf(root), 'index.json'), 'utf8'));
    expect(index.failed).toEqual([{ country: 'QQ', name: 'QQ', reason: expect.stringContaining('not an ISO 3166-1 alpha-2') }]);
    expect(readFileSync(path.join(packsDirOf(root), 'index.html'), 'utf8')).toContain('Not built (1)');
  });

  it('a renderer failure for one country: the others are written, the failure named, kind render', async () => {
    const root = project();
    const failing: Printer = {
      stats: printer.stats,
      close: async () => undefined,
      openPages: () => printer.openPages(),
      warm: (text, languages) => printer.warm(text, languages),
      async print(input) {
        if (input.name.endsWith('-CL.pdf')) {
          const r = new Reporter();
          r.report({ file: input.name, line: 1, column: 1 }, 'browser-failed', { document: input.name, detail: 'Target crashed' });
          throw new RenderError(r.diagnostics[0]);
        }
        return printer.print(input);
      },
    };
    const result = await buildPacks(pipelineContext(root), { name: BRIEF, printer: failing, concurrency: 2 });
    expect(result.built.map((b) => b.country)).toEqual(['AT', 'BE', 'DK', 'EE']);
    expect(result.failed).toMatchObject([{ country: 'CL', name: 'Chile', kind: 'render', reason: expect.stringContaining('Target crashed') }]);
    expect(existsSync(packFile(root, 'CL', 'pdf'))).toBe(false);
    // The printer has closed every page it opened, the failed pack's included, before it answered.
    expect(await printer.openPages()).toBe(0);
  });

  it('an unexpected failure in one pack is pack-failed, named by country; the others are written', async () => {
    const root = project();
    const failing: Printer = {
      ...printer,
      async print(input) {
        if (input.name.endsWith('-DK.pdf')) throw new Error('the printer lost its temp file');
        return printer.print(input);
      },
    };
    const result = await buildPacks(pipelineContext(root), { name: BRIEF, printer: failing, concurrency: 2 });
    expect(result.built.map((b) => b.country)).toEqual(['AT', 'BE', 'CL', 'EE']);
    expect(result.failed.map((f) => diagnosticLines(f.diagnostics))).toEqual([['pack DK:1:1: error pack DK (Denmark) failed: the printer lost its temp file [pack-failed]']]);
    expect(existsSync(packFile(root, 'DK', 'pdf'))).toBe(false);
  });
});
