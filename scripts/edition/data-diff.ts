// Data changes between two editions of a dataset: rows added, removed and changed, matched by the
// dataset's key columns, or as whole rows when it declares none. Pure: the revision log and the
// redline both call it.
import type { Cell, Dataset, Row } from '../types.ts';
import { displayCell } from '../data/display.ts';
import { wordsFor, type Words } from '../words/index.ts';

export interface FieldChange {
  column: string;
  before: Cell;
  after: Cell;
}

export interface RowChange {
  /** The row as it is now (its key fields name it). */
  row: Row;
  fields: FieldChange[];
}

export interface DatasetDiff {
  name: string;
  /** Columns rows were matched on; [] = whole rows. */
  key: string[];
  /** Columns that name a row in the log: the key, else the first columns. */
  label: string[];
  added: Row[];
  removed: Row[];
  changed: RowChange[];
  columnsAdded: string[];
  columnsRemoved: string[];
}

/** Longest list of rows a log line spells out before "and N more". */
const MAX_LISTED = 12;

const same = (a: Cell | undefined, b: Cell | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function groupBy(rows: Row[], keyOf: (r: Row) => string): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = keyOf(r);
    m.get(k)?.push(r) ?? m.set(k, [r]);
  }
  return m;
}

/**
 * What changed from `old` to `next`. Rows are matched by `next.key` (falling back to `old.key`)
 * when every key column exists on both sides; otherwise whole rows are compared, so a row that
 * changed reads as one removed and one added. Only columns present on both sides are compared;
 * added or dropped columns are reported as such.
 */
export function diffDatasets(old: Dataset | null, next: Dataset): DatasetDiff {
  const oldCols = old ? old.columns.map((c) => c.name) : [];
  const newCols = next.columns.map((c) => c.name);
  const common = newCols.filter((c) => oldCols.includes(c));
  const key = [next.key, old?.key ?? []].find((k) => k.length > 0 && k.every((c) => common.includes(c))) ?? [];
  const label = key.length ? key : newCols.slice(0, 3);
  const diff: DatasetDiff = {
    name: next.name,
    key,
    label,
    added: [],
    removed: [],
    changed: [],
    columnsAdded: old ? newCols.filter((c) => !oldCols.includes(c)) : [],
    columnsRemoved: oldCols.filter((c) => !newCols.includes(c)),
  };
  if (!old) return { ...diff, added: [...next.rows] };

  const match = key.length ? key : common;
  const keyOf = (r: Row) => JSON.stringify(match.map((c) => r[c] ?? null));
  const before = groupBy(old.rows, keyOf);
  for (const row of next.rows) {
    const k = keyOf(row);
    const previous = before.get(k)?.shift();
    if (!previous) {
      diff.added.push(row);
      continue;
    }
    if (!key.length) continue; // whole-row match: identical by construction
    const fields = common.filter((c) => !same(previous[c], row[c])).map((c) => ({ column: c, before: previous[c] ?? null, after: row[c] ?? null }));
    if (fields.length) diff.changed.push({ row, fields });
  }
  for (const rows of before.values()) diff.removed.push(...rows);
  // Removed rows in their old file order.
  const order = new Map(old.rows.map((r, i) => [r, i]));
  diff.removed.sort((a, b) => order.get(a)! - order.get(b)!);
  return diff;
}

export function hasChanges(d: DatasetDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length + d.columnsAdded.length + d.columnsRemoved.length > 0;
}

/** "Italy, Milan": the row's label fields, empty ones left out. */
export function rowLabel(row: Row, label: string[], language = 'en'): string {
  const parts = label.map((c) => row[c]).filter((v) => v !== null && v !== undefined && v !== '').map((v) => displayCell(v as Cell, language));
  return parts.join(', ') || wordsFor(language).t('dataEmptyRow');
}

function listed<T>(items: T[], show: (t: T) => string, words: Words): string {
  const shown = items.slice(0, MAX_LISTED).map(show).join('; ');
  return items.length > MAX_LISTED ? words.t('dataAndMore', { list: shown, count: items.length - MAX_LISTED }) : shown;
}

/**
 * The revision log's lines for one dataset, one per kind of change:
 * "stations: 2 rows added — Italy, Rome; Spain, Madrid", "stations: 1 row changed — Italy, Milan: stations 1 → 2",
 * worded in `language`.
 */
export function describeDataDiff(d: DatasetDiff, language = 'en'): string[] {
  const cell = (v: Cell) => displayCell(v, language);
  const name = (r: Row) => rowLabel(r, d.label, language);
  const words = wordsFor(language);
  const line = (key: 'dataColumnsAdded' | 'dataColumnsRemoved' | 'dataRowsAdded' | 'dataRowsRemoved' | 'dataRowsChanged', count: number, list: string) => words.t(key, { dataset: d.name, count, list });
  const lines: string[] = [];
  if (d.columnsAdded.length) lines.push(line('dataColumnsAdded', d.columnsAdded.length, d.columnsAdded.join(', ')));
  if (d.columnsRemoved.length) lines.push(line('dataColumnsRemoved', d.columnsRemoved.length, d.columnsRemoved.join(', ')));
  if (d.added.length) lines.push(line('dataRowsAdded', d.added.length, listed(d.added, name, words)));
  if (d.removed.length) lines.push(line('dataRowsRemoved', d.removed.length, listed(d.removed, name, words)));
  if (d.changed.length) {
    const show = (c: RowChange) => `${name(c.row)}: ${c.fields.map((f) => `${f.column} ${cell(f.before)} → ${cell(f.after)}`).join(', ')}`;
    lines.push(line('dataRowsChanged', d.changed.length, listed(d.changed, show, words)));
  }
  return lines;
}
