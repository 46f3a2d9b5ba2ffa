// Turning raw text cells into typed values: by the schema when there is one, otherwise by a
// conservative per-column inference (a column is only typed when every non-empty cell agrees).
import type { Cell, Column, ColumnType } from '../types.ts';

// No leading zeros ("007" stays text: codes lose nothing), no thousands separators, no exponent.
const INFER_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const INFER_INTEGER = /^-?(?:0|[1-9]\d*)$/;
const INFER_BOOLEAN = /^(?:true|false)$/i;
// With a schema the author has said "number", so the usual written forms are accepted.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]);
}

/** The type every non-empty (trimmed) text cell of column `j` agrees on; 'string' when they don't. */
export function inferType(records: readonly (readonly unknown[])[], j: number): ColumnType {
  let integer = true;
  let number = true;
  let boolean = true;
  let date = true;
  let any = false;
  for (const record of records) {
    const raw = record[j];
    const cell = typeof raw === 'string' ? raw.trim() : '';
    if (cell === '') continue;
    any = true;
    // Digits a double cannot hold exactly (IDs, long codes) stay text rather than change silently.
    if (number && (!INFER_NUMBER.test(cell) || !exactNumber(cell))) number = integer = false;
    else if (integer && !INFER_INTEGER.test(cell)) integer = false;
    if (boolean && !INFER_BOOLEAN.test(cell)) boolean = false;
    if (date && !isDate(cell)) date = false;
    if (!number && !boolean && !date) return 'string';
  }
  if (!any) return 'string';
  return integer ? 'integer' : number ? 'number' : boolean ? 'boolean' : date ? 'date' : 'string';
}

/** The phrase used in messages: `"12a" in column "stations" is not <expected>`. */
export function expectedPhrase(column: Column): string {
  switch (column.type) {
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false (yes/no also work)';
    case 'date':
      return 'a date written YYYY-MM-DD';
    case 'enum':
      return `one of ${(column.values ?? []).map((v) => (v === '' ? '(empty)' : v)).join(', ')}`;
    case 'string':
      return 'text';
  }
}

export type Converted = { ok: true; value: Cell } | { ok: false; expected?: string };

const SAFE = Number.MAX_SAFE_INTEGER.toLocaleString('en');

/** True when the written number survives as a double: finite, and a whole one within 2^53. */
function exactNumber(text: string): boolean {
  const value = Number(text);
  return Number.isFinite(value) && (!INTEGER.test(text) || Number.isSafeInteger(value));
}

/** A number cell's value; -0 reads as 0 (a table showing "-0" is a typo, not data). */
function numberCell(text: string, whole: boolean): Converted {
  if (!(whole ? INTEGER : NUMBER).test(text)) return { ok: false };
  if (!Number.isFinite(Number(text))) return { ok: false, expected: 'a finite number (at most about 1.8e308)' };
  if (!exactNumber(text)) return { ok: false, expected: `a whole number within ±${SAFE} (a longer one loses digits: store IDs as text)` };
  return { ok: true, value: Number(text) + 0 };
}

/** Converts one trimmed, non-empty cell to the column's type. */
export function convertCell(text: string, column: Column): Converted {
  switch (column.type) {
    case 'string':
      return { ok: true, value: text };
    case 'integer':
      return numberCell(text, true);
    case 'number':
      return numberCell(text, false);
    case 'boolean': {
      const s = text.toLowerCase();
      if (s === 'true' || s === 'yes') return { ok: true, value: true };
      if (s === 'false' || s === 'no') return { ok: true, value: false };
      return { ok: false };
    }
    case 'date':
      return isDate(text) ? { ok: true, value: text } : { ok: false };
    case 'enum':
      return column.values?.includes(text) ? { ok: true, value: text } : { ok: false };
  }
}
