// Which countries get a pack: the distinct codes of the `packs.by` column, sorted; which of them
// a run renders (--country, --shard). Pure functions of the data and the command line.
import { countryName } from '../data/prose-values.ts';
import { hasColumn, knownColumns } from '../data/select.ts';
import type { Reporter } from '../messages.ts';
import type { Brief, Datasets, Place } from '../types.ts';

export interface PackCountry {
  code: string;
  /** Name in the brief's language; null when the code is no ISO 3166-1 alpha-2 country. */
  name: string | null;
  rows: number;
  /** First row holding the code, for errors about it. */
  place: Place;
}

/** Countries with at least one row in `packs.by`, sorted by code (plain code-unit order, the same on every machine). */
export function packCountries({ brief, datasets, reporter }: { brief: Brief; datasets: Datasets; reporter: Reporter }): PackCountry[] {
  const spec = brief.packs;
  if (!spec) {
    reporter.report({ file: brief.file, line: 1, column: 1 }, 'packs-none');
    return [];
  }
  const dataset = datasets.get(spec.dataset);
  if (!dataset) return []; // reported by loadBrief / loadDatasets
  if (!hasColumn(dataset, spec.column)) {
    reporter.report(spec.place, 'column-unknown', { dataset: dataset.name, column: spec.column, known: knownColumns(dataset) });
    return [];
  }
  const found = new Map<string, PackCountry>();
  dataset.rows.forEach((row, i) => {
    const cell = row[spec.column];
    const code = cell === null || cell === undefined ? '' : String(cell).trim();
    if (!code) return;
    const seen = found.get(code);
    if (seen) seen.rows++;
    else found.set(code, { code, name: /^[A-Z]{2}$/.test(code) ? (countryName(code, brief.language) ?? null) : null, rows: 1, place: { file: dataset.file, line: dataset.rowLines[i] ?? 1, column: 1 } });
  });
  return [...found.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export interface Shard {
  index: number; // 1-based
  count: number;
}

/** "2/5" → { index: 2, count: 5 }; null when malformed or out of range. */
export function parseShard(text: string): Shard | null {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : null;
}

/** Round-robin over the sorted list: shard i takes the countries at positions i-1, i-1+n, …, so shards differ by at most one pack. */
export function inShard<T>(sorted: T[], shard: Shard | undefined): T[] {
  return shard ? sorted.filter((_, k) => k % shard.count === shard.index - 1) : sorted;
}

export const by = (brief: Brief) => `${brief.packs?.dataset}.${brief.packs?.column}`;
