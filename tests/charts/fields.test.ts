// Which fields of a spec must be dataset columns.
import { describe, expect, it } from 'vitest';
import { unknownFields } from '../../scripts/charts/fields.ts';
import { chartColumns } from '../../scripts/charts/render.ts';

const COLUMNS = ['country', 'city', 'stations', 'opened', 'a.b'];
const bad = (spec: object) => unknownFields(spec, COLUMNS).map((f) => `${f.ptr} ${f.field}`);

describe('unknownFields', () => {
  it('checks encodings, sort fields, conditions and tooltips', () => {
    expect(
      bad({
        mark: 'bar',
        encoding: {
          x: { field: 'country', type: 'nominal', sort: { field: 'size', op: 'sum' } },
          y: { aggregate: 'count' },
          color: { condition: { test: 'datum.region == "x"', value: 'red' }, value: 'grey' },
          tooltip: [{ field: 'city' }, { field: 'mayor' }],
        },
      }),
    ).toEqual(['/encoding/x/sort/field size', '/encoding/color/condition/test region', '/encoding/tooltip/1/field mayor']);
  });

  it('follows transforms: outputs become columns, aggregate keeps only its groups', () => {
    expect(
      bad({
        transform: [
          { calculate: "datum['stations'] * 2", as: 'double' },
          { aggregate: [{ op: 'sum', field: 'double', as: 'total' }], groupby: ['country'] },
          { filter: { field: 'city', equal: 'Strelsau' } },
        ],
        mark: 'bar',
        encoding: { x: { field: 'country' }, y: { field: 'total' } },
      }),
    ).toEqual(['/transform/2/filter/field city']); // city is gone after the aggregate
  });

  it('understands nested and escaped field names', () => {
    expect(bad({ mark: 'point', encoding: { x: { field: 'a\\.b' }, y: { field: 'country.name' }, color: { field: 'b\\.a' } } })).toEqual(['/encoding/color/field b\\.a']);
  });

  it('checks every layer, and stops after a transform it cannot follow', () => {
    expect(
      bad({
        layer: [
          { mark: 'bar', encoding: { x: { field: 'nope' } } },
          { transform: [{ pivot: 'city', value: 'stations' }], mark: 'line', encoding: { x: { field: 'Strelsau' } } },
        ],
      }),
    ).toEqual(['/layer/0/encoding/x/field nope']);
  });

  it('checks repeated fields', () => {
    expect(bad({ repeat: ['stations', 'staff'], spec: { mark: 'bar', encoding: { x: { field: { repeat: 'repeat' } } } } })).toEqual(['/repeat/1 staff']);
  });
});

describe('chartColumns', () => {
  it('lists the dataset columns a spec reads, the map join first', () => {
    expect(
      chartColumns({
        briefkit: { map: 'world', join: 'country' },
        transform: [{ calculate: 'datum.stations + 1', as: 'n' }],
        mark: 'geoshape',
        encoding: { color: { field: 'n' }, tooltip: { field: 'city' } },
      }),
    ).toEqual(['country', 'stations', 'city']);
  });
});
