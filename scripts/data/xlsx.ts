// .xlsx datasets through exceljs: one worksheet (`sheet:`, default the first), one block of cells
// (`range:`, default the sheet's used cells) whose first row is the header. Cells keep the type
// Excel stored (number, boolean, text); date cells become YYYY-MM-DD text, so the loader types them
// exactly as a CSV date; a formula gives its saved result, and one without a saved result is an
// error (briefkit computes no formulas). Empty rows are skipped, as a CSV's empty lines are.
// Every problem is located as `data/x.xlsx:Deaths!C14`.
import type ExcelJS from 'exceljs';
import type { Reporter, RuleCall } from '../messages.ts';
import type { DatasetSpec, Place } from '../types.ts';
import { checkHeader, type RawTable } from './load.ts';

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Column number → letters: 1 → A, 28 → AB. */
export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** "B2:D9" → its box; null when it is not a range of two cells. */
export function parseRange(ref: string): Box | null {
  const m = /^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$/i.exec(ref.trim());
  if (!m) return null;
  const [c1, r1, c2, r2] = [columnNumber(m[1]), Number(m[2]), columnNumber(m[3]), Number(m[4])];
  if (r1 < 1 || r2 < 1) return null;
  return { top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(c1, c2), right: Math.max(c1, c2) };
}

const boxRef = (b: Box) => `${columnLetters(b.left)}${b.top}:${columnLetters(b.right)}${b.bottom}`;
const overlaps = (a: Box, b: Box) => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

/** Excel's own way of naming a cell of a sheet: `Deaths!C14`, `'Death toll'!C14`. */
function sheetCell(sheet: string, row: number, column: number): string {
  const name = /^[A-Za-z_][\w.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${columnLetters(column)}${row}`;
}

/** A date cell as the text a CSV would hold: the day, or the day and time when it has one. */
function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

type Read = { value: unknown } | RuleCall<'xlsx-formula' | 'xlsx-error'>;

/** One exceljs cell value → a raw value the loader types, or the problem with it. */
function readValue(v: ExcelJS.CellValue): Read {
  if (v === null || v === undefined) return { value: null };
  if (v instanceof Date) return { value: dateText(v) };
  if (typeof v !== 'object') return { value: v };
  if ('error' in v) return { rule: 'xlsx-error', args: { error: String(v.error), formula: '' } };
  if ('formula' in v || 'sharedFormula' in v) {
    const formula = ('formula' in v ? v.formula : v.sharedFormula) ?? '';
    const result = v.result;
    if (result === undefined) return { rule: 'xlsx-formula', args: { formula } };
    if (result !== null && typeof result === 'object' && 'error' in result) return { rule: 'xlsx-error', args: { error: String(result.error), formula } };
    return readValue(result as ExcelJS.CellValue);
  }
  if ('richText' in v) return { value: v.richText.map((t) => t.text).join('') };
  if ('hyperlink' in v) return readValue(v.text as ExcelJS.CellValue);
  return { value: v }; // anything else (a checkbox, an image) is refused by the loader as not a single value
}

/** The table, or null after located messages. `bytes` are the workbook's bytes. */
export async function readXlsxTable({ bytes, file, spec, reporter }: { bytes: Buffer; file: string; spec: DatasetSpec; reporter: Reporter }): Promise<RawTable | null> {
  const fileStart: Place = { file, line: 1, column: 1 };
  const { default: Excel } = await import('exceljs'); // only for .xlsx datasets: a large library
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    const detail = /zip|signature|central directory/i.test(String(e)) ? 'it is not an .xlsx file (not a zip archive)' : String((e as Error).message ?? e).split('\n')[0];
    reporter.report(fileStart, 'xlsx-read', { detail });
    return null;
  }
  const sheets = workbook.worksheets;
  const sheet = spec.sheet ? sheets.find((s) => s.name === spec.sheet!.name) : sheets[0];
  if (!sheet) {
    const known = sheets.map((s) => `"${s.name}"`).join(', ') || 'none';
    if (spec.sheet) reporter.report(spec.sheet.place, 'xlsx-sheet', { path: file, sheet: spec.sheet.name, known });
    else reporter.report(fileStart, 'xlsx-read', { detail: 'the workbook has no worksheet' });
    return null;
  }
  const name = sheet.name;
  const used: Box | null = sheet.actualRowCount > 0 ? parseRange(sheet.dimensions.range) : null;
  const rangePlace = spec.range?.place ?? spec.sheet?.place ?? spec.place;
  if (!used) {
    reporter.report(rangePlace, 'xlsx-range', { range: spec.range?.ref ?? `of sheet "${name}"`, detail: 'holds no cells: the sheet is empty', used: 'nothing' });
    return null;
  }
  const box = spec.range ? parseRange(spec.range.ref) : used;
  if (!box) return reporter.report(rangePlace, 'xlsx-range', { range: spec.range!.ref, detail: 'is not a range of cells like A1:F200', used: boxRef(used) }), null;
  if (!overlaps(box, used) || box.top > used.bottom) {
    reporter.report(rangePlace, 'xlsx-range', { range: boxRef(box), detail: `lies outside the cells of sheet "${name}"`, used: boxRef(used) });
    return null;
  }

  const locate = (row: number, column: number): Place => ({ file, line: row, column, cell: sheetCell(name, row, column) });
  const width = box.right - box.left + 1;
  const header: string[] = [];
  let ok = true;
  for (const merge of sheet.model.merges) {
    const m = parseRange(merge);
    if (m && m.top <= box.top && box.top <= m.bottom && overlaps(m, box)) {
      reporter.report(locate(box.top, Math.max(m.left, box.left)), 'xlsx-header', { detail: `header cells ${merge} are merged` });
      ok = false;
    }
  }
  for (let c = box.left; c <= box.right; c++) {
    const read = readValue(sheet.getCell(box.top, c).value);
    if ('rule' in read) {
      reporter.reportCall(locate(box.top, c), read);
      ok = false;
      header.push('');
    } else header.push(read.value === null ? '' : String(read.value).trim());
  }
  if (!ok) return null;

  const records: unknown[][] = [];
  const lines: number[] = [];
  const ragged = new Set<number>();
  for (let r = box.top + 1; r <= Math.min(box.bottom, used.bottom); r++) {
    const record = new Array<unknown>(width).fill(null);
    let empty = true;
    let bad = false;
    for (let c = box.left; c <= box.right; c++) {
      const read = readValue(sheet.getCell(r, c).value);
      if ('rule' in read) {
        reporter.reportCall(locate(r, c), read);
        bad = true;
        empty = false;
        continue;
      }
      record[c - box.left] = read.value;
      if (read.value !== null && read.value !== '') empty = false;
    }
    if (empty) continue;
    if (bad) ragged.add(records.length); // reported already: its other cells are not checked again
    records.push(record);
    lines.push(r);
  }
  const table: RawTable = {
    header,
    records,
    lines,
    locate: (row, column) => locate(lines[row], box.left + Math.min(column, width - 1)),
    headerPlace: (column) => locate(box.top, box.left + column),
    ragged,
  };
  return checkHeader({ table, reporter, rule: 'xlsx-header' }) ? table : null;
}
