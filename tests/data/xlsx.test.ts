// .xlsx datasets end to end: a workbook made with exceljs (dates, a formula column with saved
// results, an empty row, a formula grand total below the range) → the table and {{sum}} in the
// built HTML; a typo'd sheet name; the revision log's data diff; `brief dev` after a save.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DevSession } from '../../scripts/dev/session.ts';
import { loadDatasets } from '../../scripts/data/load.ts';
import { dataChangeLines } from '../../scripts/edition/revision-log.ts';
import { Reporter } from '../../scripts/messages.ts';
import { makeProject, removeProject, runCli } from '../helpers/project.ts';
import { makeWorkbook, type CellSpec } from '../helpers/xlsx.ts';
import { makeBrief } from './support.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeProject));

const HEADER: CellSpec[] = ['country', 'reported', 'male', 'female', 'total', 'verified'];
type Entry = [string, string, number, number, boolean];
const ENTRIES: Entry[] = [
  ['Freedonia', '2024-01-15', 12, 9, true],
  ['Sylvania', '2024-02-29', 4, 7, false],
  ['Latveria', '2024-03-31', 20, 18, true],
];
const dataRow = ([country, date, m, f, ok]: Entry, row: number): CellSpec[] => [country, { date }, m, f, { formula: `C${row}+D${row}`, result: m + f }, ok];

/** Notes first (so "the first sheet" is not the data); Deaths: header, two rows, an empty row, a row, then a grand total. */
function deathsWorkbook(entries = ENTRIES): Promise<Buffer> {
  const rows: CellSpec[][] = [HEADER, dataRow(entries[0], 2), dataRow(entries[1], 3), [], ...entries.slice(2).map((e, i) => dataRow(e, 5 + i))];
  const last = rows.length;
  rows.push(['All', null, null, null, { formula: `SUM(E2:E${last})`, result: entries.reduce((s, e) => s + e[2] + e[3], 0) }, null]);
  return makeWorkbook([
    { name: 'Notes', rows: [['Source: Freedonia Health Board']] },
    { name: 'Deaths', rows },
  ]);
}

const briefYaml = (sheet: string) =>
  `title: "Deaths in the Three Countries"\nauthors: ["R. Firefly"]\nchapters: [one.md]\ndatasets:\n  deaths: { path: data/deaths.xlsx, sheet: ${sheet}, range: A1:F5, key: [country] }\neditions:\n  - version: "1.0"\n    date: 2024-04-01\n    summary: "First edition."\n`;
const chapter = `---\ntitle: Deaths\n---\n\nThe three countries reported {{sum deaths "total"}} deaths in {{count deaths}} reports, {{count deaths where="verified == true"}} of them verified.\n\n::table{data=deaths columns="country:Country,reported:Reported,total:Total" sort="-total" caption="Deaths by country"}\n`;

async function project(sheet = 'Deaths'): Promise<string> {
  const root = makeProject({ 'data/deaths.xlsx': await deathsWorkbook(), 'content/d/brief.yaml': briefYaml(sheet), 'content/d/chapters/one.md': chapter });
  roots.push(root);
  return root;
}

describe('an .xlsx dataset', () => {
  it('types numbers, dates, booleans and formula results, skips the empty row and stops at the range', async () => {
    const root = await project();
    const reporter = new Reporter();
    const brief = makeBrief({ root, datasets: [{ name: 'deaths', path: 'data/deaths.xlsx' }] });
    brief.datasets[0].sheet = { name: 'Deaths', place: brief.datasets[0].place };
    brief.datasets[0].range = { ref: 'A1:F5', place: brief.datasets[0].place };
    const deaths = (await loadDatasets({ brief, reporter })).get('deaths')!;
    expect(reporter.diagnostics).toEqual([]);
    expect(Object.fromEntries(deaths.columns.map((c) => [c.name, c.type]))).toEqual({ country: 'string', reported: 'date', male: 'integer', female: 'integer', total: 'integer', verified: 'boolean' });
    expect(deaths.rows).toEqual(ENTRIES.map(([country, reported, male, female, verified]) => ({ country, reported, male, female, total: male + female, verified })));
    expect(deaths.rowLines).toEqual([2, 3, 5]); // sheet rows: row 4 is empty, row 6 (the grand total) is outside the range
  });

  it('shows the right rows in a table and the right {{sum}} in the built HTML', async () => {
    const root = await project();
    const { code, err } = await runCli(['--root', root, 'build', 'd', '--html-only']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const html = readFileSync(path.join(root, 'output/d/1.0/d-1.0.html'), 'utf8');
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('reported 70 deaths in 3 reports, 2 of them verified');
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1];
    const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));
    expect(rows.map((r) => [r[0], r[2]])).toEqual([['Latveria', '38'], ['Freedonia', '21'], ['Sylvania', '11']]);
    expect(rows.map((r) => r[1]).every((d) => d !== '' && !/^\d+$/.test(d))).toBe(true); // dates shown as dates, not serial numbers
  });

  it('names the workbook\'s sheets when the sheet name is mistyped', async () => {
    const root = await project('Deahts');
    const { code, err } = await runCli(['--root', root, 'check', 'd']);
    expect(code).toBe(1);
    expect(err).toContain('content/d/brief.yaml:5:44: error data/deaths.xlsx has no sheet "Deahts" [xlsx-sheet]');
    expect(err).toContain('sheets in the workbook: "Notes", "Deaths"');
  });

  it('feeds the revision log\'s data diff as a CSV does', async () => {
    const root = await project();
    const load = async () => {
      const brief = makeBrief({ root, datasets: [{ name: 'deaths', path: 'data/deaths.xlsx', key: ['country'] }] });
      brief.datasets[0].sheet = { name: 'Deaths', place: brief.datasets[0].place };
      brief.datasets[0].range = { ref: 'A1:F5', place: brief.datasets[0].place };
      return loadDatasets({ brief, reporter: new Reporter() });
    };
    const before = await load();
    writeFileSync(path.join(root, 'data/deaths.xlsx'), await deathsWorkbook([ENTRIES[0], ['Sylvania', '2024-02-29', 5, 7, true], ['Osterlich', '2024-03-30', 1, 1, false]]));
    const after = await load();
    const lines = dataChangeLines(before, after, 'en');
    expect(lines.join('\n')).toMatch(/Osterlich/);
    expect(lines.join('\n')).toMatch(/Latveria/);
    expect(lines.join('\n')).toMatch(/Sylvania/);
  });

  it('is read again by brief dev when the workbook is saved', async () => {
    const root = await project();
    const session = new DevSession({ root, name: 'd' });
    expect((await session.rebuild()).ok).toBe(true);
    expect(session.good!.doc.html).toContain('reported 70 deaths');
    const file = path.join(root, 'data/deaths.xlsx');
    writeFileSync(file, await deathsWorkbook([ENTRIES[0], ENTRIES[1], ['Latveria', '2024-03-31', 30, 18, true]]));
    const kind = session.classify(file);
    expect(kind).toBe('data');
    expect((await session.rebuild([{ kind: kind!, file }])).ok).toBe(true);
    expect(session.good!.doc.html).toContain('reported 80 deaths');
  });
});
