import { describe, expect, it } from 'vitest';
import { selectRows } from '../../scripts/data/select.ts';
import type { Dataset, Row } from '../../scripts/types.ts';

const rows: Row[] = [
  { id: 1, country: 'Sylvania', n: 3, opened: '2018-01-01' },
  { id: 2, country: 'Freedonia', n: null, opened: '2016-01-01' },
  { id: 3, country: 'Sylvania', n: 10, opened: null },
  { id: 4, country: null, n: 2, opened: '2017-01-01' },
  { id: 5, country: 'Freedonia', n: 3, opened: '2019-01-01' },
  { id: 6, country: 'Ōrsinia', n: 3, opened: '2015-01-01' },
];
const dataset: Dataset = {
  name: 'lands', file: 'data/lands.csv', key: [], rows, rowLines: rows.map((_, i) => i + 2),
  columns: [{ name: 'id', type: 'integer' }, { name: 'country', type: 'string' }, { name: 'n', type: 'integer' }, { name: 'opened', type: 'date' }],
};
const ids = (r: { rows: Row[] }) => r.rows.map((x) => x.id);

describe('selectRows', () => {
  it('sorts by several keys, minus for descending, stable, nulls last either way', () => {
    expect(ids(selectRows({ dataset, sort: 'country' }))).toEqual([2, 5, 6, 1, 3, 4]); // Ō sorts with O (collation), nulls last
    expect(ids(selectRows({ dataset, sort: '-country' }))).toEqual([1, 3, 6, 2, 5, 4]);
    expect(ids(selectRows({ dataset, sort: 'country,-n' }))).toEqual([5, 2, 6, 3, 1, 4]);
    expect(ids(selectRows({ dataset, sort: ' -n , id ' }))).toEqual([3, 1, 5, 6, 4, 2]);
    expect(ids(selectRows({ dataset, sort: 'n' }))).toEqual([4, 1, 5, 6, 3, 2]); // ties keep file order
    expect(ids(selectRows({ dataset, sort: '-opened' }))).toEqual([5, 1, 4, 2, 6, 3]);
  });

  it('filters with where and scope', () => {
    expect(ids(selectRows({ dataset, where: "country == 'Sylvania' or n == 2", sort: '-id' }))).toEqual([4, 3, 1]);
    expect(ids(selectRows({ dataset, scope: { column: 'country', value: 'Freedonia' } }))).toEqual([2, 5]);
    expect(ids(selectRows({ dataset, scope: { column: 'code', value: 'FD' } }))).toEqual([1, 2, 3, 4, 5, 6]); // no such column: whole dataset
  });

  it('reports unknown columns with the known ones and their offsets', () => {
    expect(selectRows({ dataset, where: 'cuntry == 1', sort: 'id,-nn' }).problems).toEqual([
      { rule: 'column-unknown', args: { dataset: 'lands', column: 'cuntry', known: 'id, country, n, opened' }, input: 'where', offset: 0 },
      { rule: 'column-unknown', args: { dataset: 'lands', column: 'nn', known: 'id, country, n, opened' }, input: 'sort', offset: 4 },
    ]);
  });
});
