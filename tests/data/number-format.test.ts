// Per-column number formats of ::table, as a reader sees the cells: the decimals asked for, the
// language's separators, percentages, units; and numbers without a format lined up on the point.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bindData } from '../../scripts/data/bind.ts';
import { loadDatasets } from '../../scripts/data/load.ts';
import { formatNumber, parseNumberFormat, splitColumns } from '../../scripts/data/number-format.ts';
import { Reporter } from '../../scripts/messages.ts';
import { makeProject, removeProject } from '../helpers/project.ts';
import { chapterFrom, formatDiagnostics, makeBrief, tableHtml } from './support.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeProject));

const CSV = 'country,fert,pop,share,dist\nFreedonia,1.8,1234567,0.125,12.5\nSylvania,1.96,89000,0.5,3\nLatveria,2.2,4500,0.0725,140.25\n';

async function tableOf(columns: string, language = 'en') {
  const root = makeProject({ 'data/nations.csv': CSV });
  roots.push(root);
  const brief = makeBrief({ root, datasets: [{ name: 'nations', path: 'data/nations.csv' }], language });
  const reporter = new Reporter();
  const datasets = await loadDatasets({ brief, reporter });
  const bound = await bindData({ brief, chapters: [chapterFrom(`::table{data=nations columns="${columns}"}\n`)], datasets, reporter, cacheDir: path.join(root, '.cache') });
  const html = tableHtml(bound)[0] ?? '';
  const cells = [...html.matchAll(/<td class="num">(.*?)<\/td>/g)].map((m) => m[1].replace(/<span class="num-pad"[^>]*>.*?<\/span>/g, ''));
  return { html, cells, diagnostics: formatDiagnostics(reporter.diagnostics) };
}

describe('number formats', () => {
  it('reads the grammar: digits, grouping, decimals, percent, a unit', () => {
    expect(parseNumberFormat('0.00')).toMatchObject({ decimals: 2, grouping: false, percent: false, prefix: '', suffix: '' });
    expect(parseNumberFormat('#,##0')).toMatchObject({ decimals: 0, grouping: true });
    expect(parseNumberFormat('0.0%')).toMatchObject({ decimals: 1, percent: true });
    expect(parseNumberFormat('$#,##0.00 m')).toMatchObject({ prefix: '$', suffix: ' m', decimals: 2, grouping: true });
    for (const bad of ['', '0.0.0', '0.##', '##0', 'x', `0.${'0'.repeat(16)}`]) expect(parseNumberFormat(bad), bad).toBeNull();
  });

  it('splits the column list at commas, but not inside #,##0', () => {
    expect(splitColumns('a:A,pop:Population:#,##0,b').map((p) => p.part)).toEqual(['a:A', 'pop:Population:#,##0', 'b']);
    expect(splitColumns('a,b:B:#,##0.0').map((p) => p.offset)).toEqual([0, 2]);
  });

  it('formats in the brief language', () => {
    const f = parseNumberFormat('#,##0.00')!;
    expect(formatNumber(1234.5, f, 'en')).toBe('1,234.50');
    expect(formatNumber(1234.5, f, 'de')).toBe('1.234,50');
    expect(formatNumber(0.125, parseNumberFormat('0.0%')!, 'en')).toBe('12.5%');
  });

  it('shows each column as its format asks', async () => {
    const { cells, diagnostics } = await tableOf('country,fert:Fertility:0.00,pop:Population:#,##0,share:Share:0.0%,dist:Distance:0.0 km');
    expect(diagnostics).toEqual([]);
    expect(cells).toEqual(['1.80', '1,234,567', '12.5%', '12.5 km', '1.96', '89,000', '50.0%', '3.0 km', '2.20', '4,500', '7.3%', '140.3 km']);
  });

  it('keeps an empty label with a format: fert::0.0', async () => {
    const { html } = await tableOf('country,fert::0.0');
    expect(html).toContain('<th scope="col" class="num">Fert</th>');
    expect(html).toContain('<td class="num">1.8</td>');
  });

  it('lines up a column without a format on the decimal point with invisible zeros', async () => {
    const { html } = await tableOf('country,fert');
    expect(html).toContain('<td class="num">1.8<span class="num-pad" aria-hidden="true">0</span></td>');
    expect(html).toContain('<td class="num">1.96</td>');
    const fr = await tableOf('country,dist', 'fr');
    expect(fr.html).toContain('<td class="num">3<span class="num-pad" aria-hidden="true">,00</span></td>');
  });
});
