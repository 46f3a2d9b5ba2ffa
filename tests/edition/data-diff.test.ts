// diffDatasets: rows added, removed and changed by key, whole rows without one, and the revision
// log's wording of the result.
import { describe, expect, it } from 'vitest';
import { describeDataDiff, diffDatasets } from '../../scripts/edition/data-diff.ts';
import type { Column, Dataset, Row } from '../../scripts/types.ts';

const columns = (names: string[]): Column[] => names.map((name) => ({ name, type: name === 'stations' ? 'integer' : 'string' }));

function dataset(rows: Row[], key: string[] = ['country', 'city'], names = ['country', 'city', 'stations']): Dataset {
  return { name: 'stations', file: 'data/stations.csv', columns: columns(names), rows, rowLines: rows.map((_, i) => i + 2), key };
}

const row = (country: string, city: string, stations: number): Row => ({ country, city, stations });

describe('diffDatasets', () => {
  const v1 = dataset([row('Freedonia', 'Hilltown', 1), row('Sylvania', 'Marsh End', 2), row('Freedonia', 'Stonebridge', 1)]);

  it('finds nothing between identical datasets', () => {
    const d = diffDatasets(v1, dataset([...v1.rows]));
    expect([d.added, d.removed, d.changed]).toEqual([[], [], []]);
    expect(describeDataDiff(d)).toEqual([]);
  });

  it('matches rows by key: added, removed and changed, with the changed fields', () => {
    const v2 = dataset([row('Freedonia', 'Hilltown', 2), row('Freedonia', 'Stonebridge', 1), row('Sylvania', 'Riverside', 1), row('Freedonia', 'Eastgate', 3)]);
    const d = diffDatasets(v1, v2);
    expect(d.key).toEqual(['country', 'city']);
    expect(d.added).toEqual([row('Sylvania', 'Riverside', 1), row('Freedonia', 'Eastgate', 3)]);
    expect(d.removed).toEqual([row('Sylvania', 'Marsh End', 2)]);
    expect(d.changed).toEqual([{ row: row('Freedonia', 'Hilltown', 2), fields: [{ column: 'stations', before: 1, after: 2 }] }]);
    expect(describeDataDiff(d)).toEqual([
      'stations: 2 rows added — Sylvania, Riverside; Freedonia, Eastgate',
      'stations: 1 row removed — Sylvania, Marsh End',
      'stations: 1 row changed — Freedonia, Hilltown: stations 1 → 2',
    ]);
  });

  it('is independent of row order', () => {
    const d = diffDatasets(v1, dataset([...v1.rows].reverse()));
    expect([d.added, d.removed, d.changed]).toEqual([[], [], []]);
  });

  it('compares whole rows when the dataset has no key: a changed row is one removed and one added', () => {
    const a = dataset(v1.rows, []);
    const b = dataset([row('Freedonia', 'Hilltown', 2), v1.rows[1], v1.rows[2]], []);
    const d = diffDatasets(a, b);
    expect(d.key).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.added).toEqual([row('Freedonia', 'Hilltown', 2)]);
    expect(d.removed).toEqual([row('Freedonia', 'Hilltown', 1)]);
    // Rows are named by their first columns.
    expect(describeDataDiff(d)).toEqual(['stations: 1 row added — Freedonia, Hilltown, 2', 'stations: 1 row removed — Freedonia, Hilltown, 1']);
  });

  it('counts duplicate whole rows', () => {
    const a = dataset([row('Freedonia', 'Hilltown', 1)], []);
    const b = dataset([row('Freedonia', 'Hilltown', 1), row('Freedonia', 'Hilltown', 1)], []);
    expect(diffDatasets(a, b).added).toHaveLength(1);
    expect(diffDatasets(b, a).removed).toHaveLength(1);
  });

  it('reports added and dropped columns and compares the rest', () => {
    const names = ['country', 'city', 'stations', 'source'];
    const b = dataset(v1.rows.map((r) => ({ ...r, source: 'Register' })), ['country', 'city'], names);
    const d = diffDatasets(v1, b);
    expect(d.columnsAdded).toEqual(['source']);
    expect(d.changed).toEqual([]);
    expect(describeDataDiff(d)).toEqual(['stations: column added — source']);
    expect(describeDataDiff(diffDatasets(b, v1))).toEqual(['stations: column removed — source']);
  });

  it('falls back to whole rows when a key column is missing on one side', () => {
    const b = dataset(v1.rows, ['region', 'city']);
    expect(diffDatasets(v1, b).key).toEqual(['country', 'city']); // the old key still holds
    const c = dataset(v1.rows.map(({ country: _c, ...r }) => r), ['city'], ['city', 'stations']);
    expect(diffDatasets(v1, c).key).toEqual(['city']);
  });

  it('leaves empty key fields out of a row name and shows empty cells as a dash', () => {
    const a = dataset([{ country: 'Freedonia', city: '', stations: null }]);
    const b = dataset([{ country: 'Freedonia', city: '', stations: 3 }]);
    expect(describeDataDiff(diffDatasets(a, b))).toEqual(['stations: 1 row changed — Freedonia: stations — → 3']);
  });

  it('lists at most twelve rows, then says how many more', () => {
    const many = dataset(Array.from({ length: 15 }, (_, i) => row('Freedonia', `Town ${i + 1}`, 1)));
    const [line] = describeDataDiff(diffDatasets(dataset([]), many));
    expect(line).toMatch(/^stations: 15 rows added — Freedonia, Town 1; .*; Freedonia, Town 12; and 3 more$/);
  });

  it('treats a dataset with no earlier version as all added', () => {
    expect(diffDatasets(null, v1).added).toHaveLength(3);
  });
});
