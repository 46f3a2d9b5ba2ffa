import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bindData } from '../../scripts/data/bind.ts';
import { loadDatasets } from '../../scripts/data/load.ts';
import { Reporter } from '../../scripts/messages.ts';
import { makeProject, removeProject } from '../helpers/project.ts';
import { chapterFrom, formatDiagnostics, makeBrief, proseOf } from './support.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeProject));

async function load(files: Record<string, string | Buffer>, datasets: { name: string; path: string; key?: string[] }[]) {
  const root = makeProject(files);
  roots.push(root);
  const brief = makeBrief({ root, datasets });
  const reporter = new Reporter();
  return { root, brief, reporter, datasets: await loadDatasets({ brief, reporter }) };
}

describe('type inference without a schema', () => {
  it('types a column only when every non-empty cell agrees', async () => {
    const csv = ['code,zip,count,share,open,opened,mixed,empty', 'FD,007,3,0.5,true,2016-01-31,1,', 'SY,120,,1.25,FALSE,2017-02-28,x,', 'LT,300,12,,false,,2,'].join('\n');
    const { datasets, reporter } = await load({ 'data/a.csv': csv }, [{ name: 'a', path: 'data/a.csv' }]);
    const a = datasets.get('a')!;
    expect(Object.fromEntries(a.columns.map((c) => [c.name, c.type]))).toEqual({
      code: 'string', zip: 'string', count: 'integer', share: 'number', open: 'boolean', opened: 'date', mixed: 'string', empty: 'string',
    });
    expect(a.rows[0]).toEqual({ code: 'FD', zip: '007', count: 3, share: 0.5, open: true, opened: '2016-01-31', mixed: '1', empty: null });
    expect(a.rows[1]).toMatchObject({ count: null, open: false });
    expect(a.rowLines).toEqual([2, 3, 4]);
    expect(reporter.diagnostics).toEqual([]);
  });

  it('keeps IDs too long for a double as text, digit for digit, and reads -0 as 0', async () => {
    const csv = ['id,delta', '12345678901234567890,-0', '9007199254740993,4', '1,-2'].join('\n');
    const { datasets, reporter } = await load({ 'data/ids.csv': csv }, [{ name: 'ids', path: 'data/ids.csv' }]);
    const ids = datasets.get('ids')!;
    expect(ids.columns.map((c) => c.type)).toEqual(['string', 'integer']);
    expect(ids.rows.map((r) => r.id)).toEqual(['12345678901234567890', '9007199254740993', '1']);
    expect(Object.is(ids.rows[0].delta, 0)).toBe(true);
    expect(reporter.diagnostics).toEqual([]);
  });

  it('keeps JSON types as written', async () => {
    const json = JSON.stringify([{ code: 'FD', n: 1, ok: true, when: '2020-01-01', both: 1 }, { code: 'SY', n: 2.5, ok: false, when: null, both: 'x' }], null, 2);
    const { datasets } = await load({ 'data/j.json': json }, [{ name: 'j', path: 'data/j.json' }]);
    const j = datasets.get('j')!;
    expect(j.columns.map((c) => c.type)).toEqual(['string', 'number', 'boolean', 'date', 'string']);
    expect(j.rows[1]).toEqual({ code: 'SY', n: 2.5, ok: false, when: null, both: 'x' });
    expect(j.rows[0].both).toBe('1');
    expect(j.rowLines).toEqual([2, 9]);
  });
});

describe('dataset paths', () => {
  it('refuses paths outside the root and reports missing files at the brief.yaml place', async () => {
    const { reporter } = await load({}, [
      { name: 'out', path: '../elsewhere.csv' },
      { name: 'abs', path: '/etc/passwd' },
      { name: 'gone', path: 'data/gone.csv' },
    ]);
    expect(formatDiagnostics(reporter.diagnostics)).toEqual([
      'content/demo/brief.yaml:10:3 path-escape: path "../elsewhere.csv" goes up with ../ or leaves the project root',
      'content/demo/brief.yaml:11:3 path-absolute: path "/etc/passwd" is absolute',
      'content/demo/brief.yaml:12:3 dataset-missing: dataset file data/gone.csv does not exist',
    ]);
  });
});

describe('many problems in one column', () => {
  it('lists the first twenty and counts the rest', async () => {
    const csv = ['n', ...Array.from({ length: 25 }, (_, i) => `bad${i}`)].join('\n');
    const { reporter } = await load({ 'data/n.csv': csv, 'data/n.schema.json': '{ "properties": { "n": { "type": "number" } } }' }, [{ name: 'n', path: 'data/n.csv' }]);
    const lines = formatDiagnostics(reporter.diagnostics);
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('data/n.csv:2:1 cell-type: "bad0" in column "n" is not a number');
    expect(lines[20]).toBe('data/n.csv:22:1 cell-more: 5 more cells in column "n" have problems');
  });
});

describe('a 100,000-row CSV', () => {
  it('loads every row with its line', async () => {
    const codes = ['FD', 'SY', 'LT', 'GF', 'MR'];
    const lines = ['code,city,outposts,opened,certain'];
    for (let i = 0; i < 100_000; i++) lines.push(`${codes[i % 5]},"City ${i}, North",${1 + (i % 7)},2016-0${1 + (i % 9)}-1${i % 10},${i % 3 ? 'true' : 'false'}`);
    const schema = JSON.stringify({ properties: { code: { type: 'string', pattern: '^[A-Z]{2}$' }, outposts: { type: 'integer', minimum: 1 }, opened: { type: 'string', format: 'date' }, certain: { type: 'boolean' } } });
    const { datasets, reporter } = await load({ 'data/big.csv': lines.join('\r\n') + '\r\n', 'data/big.schema.json': schema }, [{ name: 'big', path: 'data/big.csv', key: ['city'] }]);
    const big = datasets.get('big')!;
    expect(reporter.diagnostics).toEqual([]);
    expect(big.rows).toHaveLength(100_000);
    expect(big.rows[99_999]).toEqual({ code: 'MR', city: 'City 99999, North', outposts: 1 + (99_999 % 7), opened: '2016-01-19', certain: false });
    expect(big.rowLines[99_999]).toBe(100_001);
  });
});

describe('prose follows the data', () => {
  it('changing the CSV changes the evaluated sentence', async () => {
    const chapter = chapterFrom('We know of {{count outposts}} outposts in {{distinct outposts "code"}} countries.\n');
    const { root, brief } = await load({ 'data/outposts.csv': 'code,city\nFD,Port Rhyme\nSY,Vasko\n' }, [{ name: 'outposts', path: 'data/outposts.csv' }]);
    const sentence = async () => {
      const reporter = new Reporter();
      const datasets = await loadDatasets({ brief, reporter });
      return proseOf(await bindData({ brief, chapters: [chapter], datasets, reporter, cacheDir: path.join(root, '.cache') }))[0];
    };
    expect(await sentence()).toBe('We know of 2 outposts in 2 countries.');
    writeFileSync(path.join(root, 'data/outposts.csv'), 'code,city\nFD,Port Rhyme\nSY,Vasko\nSY,Brennick\nLT,Doomstadt\n');
    expect(await sentence()).toBe('We know of 4 outposts in 3 countries.');
  });
});
