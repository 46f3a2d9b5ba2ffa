// packs/countries.ts: which countries get a pack, and how --shard splits them.
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../scripts/messages.ts';
import { inShard, packCountries, parseShard } from '../../scripts/packs/countries.ts';
import type { Dataset } from '../../scripts/types.ts';
import { fakeBrief } from '../helpers/chapters.ts';

const place = { file: 'content/demo/brief.yaml', line: 9, column: 3 };

function offices(codes: (string | null)[]): Dataset {
  return {
    name: 'offices',
    file: 'data/offices.csv',
    columns: [{ name: 'code', type: 'string' }, { name: 'city', type: 'string' }],
    rows: codes.map((code, i) => ({ code, city: `City ${i}` })),
    rowLines: codes.map((_, i) => i + 2),
    key: [],
  };
}

describe('packCountries', () => {
  it('lists each code of the packs column once, sorted, with its name in the brief’s language', () => {
    const brief = fakeBrief({ language: 'fr', packs: { dataset: 'offices', column: 'code', include: [], place } });
    const reporter = new Reporter();
    const list = packCountries({ brief, datasets: new Map([['offices', offices(['IT', 'DE', null, 'IT', '', 'QQ'])]]), reporter });
    expect(reporter.diagnostics).toEqual([]);
    expect(list).toEqual([
      { code: 'DE', name: 'Allemagne', rows: 1, place: { file: 'data/offices.csv', line: 3, column: 1 } },
      { code: 'IT', name: 'Italie', rows: 2, place: { file: 'data/offices.csv', line: 2, column: 1 } },
      { code: 'QQ', name: null, rows: 1, place: { file: 'data/offices.csv', line: 7, column: 1 } },
    ]);
  });

  it('reports a brief without packs, and a packs column the dataset lacks', () => {
    const reporter = new Reporter();
    packCountries({ brief: fakeBrief(), datasets: new Map(), reporter });
    packCountries({ brief: fakeBrief({ packs: { dataset: 'offices', column: 'country', include: [], place } }), datasets: new Map([['offices', offices(['IT'])]]), reporter });
    expect(reporter.diagnostics.map((d) => [d.rule, d.line])).toEqual([['packs-none', 1], ['column-unknown', 9]]);
  });
});

describe('--shard', () => {
  it('reads i/n and refuses anything else', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '1-3', 'a/b', '']) expect(parseShard(bad), bad).toBeNull();
  });

  it('splits the sorted list round-robin: disjoint, complete, balanced, the same every time', () => {
    const codes = ['AT', 'BE', 'CL', 'DK', 'EE', 'FI', 'GR'];
    const parts = [1, 2, 3].map((index) => inShard(codes, { index, count: 3 }));
    expect(parts).toEqual([['AT', 'DK', 'GR'], ['BE', 'EE'], ['CL', 'FI']]);
    expect(parts.flat().sort()).toEqual(codes);
    expect(inShard(codes, undefined)).toBe(codes);
    expect(inShard(['AT'], { index: 2, count: 3 })).toEqual([]);
  });
});
