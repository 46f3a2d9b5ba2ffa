// data/ stage: every dataset in brief.yaml → typed rows, with every problem located at
// `data/x.csv:line:column` (a workbook cell: `data/x.xlsx:Deaths!C14`, see xlsx.ts).
//
// Typing. With `<name>.schema.json` beside the data, each column takes its schema type
// (string, number, integer, boolean — true/false/yes/no —, date = string + format: date,
// enum = string + enum) and ajv checks the other keywords (pattern, minimum, minLength…).
// Columns the schema doesn't declare are inferred, or refused under additionalProperties: false.
// Without a schema a column is typed only when every non-empty cell agrees: integer/number
// (plain decimals, no leading zeros, so "007" stays text), boolean (true/false only) or
// date (YYYY-MM-DD); otherwise it is text. Cells are trimmed.
//
// Empty cells are null. Under a schema, a column in "required" must be in the header; an empty
// cell in a required typed column is an error, while an empty string column is the empty
// string, checked against minLength/enum/pattern as JSON Schema would.
import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, RuleCall } from '../messages.ts';
import type { Brief, Cell, Column, Dataset, Datasets, DatasetSpec, Place, Row } from '../types.ts';
import { resolveInside } from '../config/paths.ts';
import { convertCell, expectedPhrase, inferType } from './cells.ts';
import { readCsv } from './csv.ts';
import { TextPositions } from './positions.ts';
import { readJson } from './json.ts';
import { readXlsxTable } from './xlsx.ts';
import { readSchema, type DatasetSchema, type SchemaColumn } from './schema.ts';

// A column full of one mistake would bury the other messages.
const MAX_PROBLEMS_PER_COLUMN = 20;

type Args = Record<string, string | number>;
type CellProblem = RuleCall<'cell-invalid' | 'cell-missing' | 'cell-type'>;
/** Reads one raw cell: a value, or the problem with it. */
type CellReader = (raw: unknown) => Cell | CellProblem;

/** A parsed file before typing: raw cells plus a way to locate any of them. */
export interface RawTable {
  header: string[];
  records: unknown[][];
  lines: number[];
  /** Place of a cell; column index = header.length means "end of the record". */
  locate: (row: number, column: number) => Place;
  headerPlace: (column: number) => Place;
  /** Rows already reported (ragged, or a workbook cell without a value): their cells are not checked again. */
  ragged: Set<number>;
}

export async function loadDatasets({ brief, reporter }: { brief: Brief; reporter: Reporter }): Promise<Datasets> {
  const datasets: Datasets = new Map();
  for (const spec of brief.datasets) {
    const dataset = await loadDataset({ brief, spec, reporter });
    if (dataset) datasets.set(spec.name, dataset);
  }
  return datasets;
}

export async function loadDataset({ brief, spec, reporter }: { brief: Brief; spec: DatasetSpec; reporter: Reporter }): Promise<Dataset | null> {
  const resolved = resolveInside({ root: brief.root, base: brief.root, p: spec.path });
  if (!resolved.ok) return reporter.report(spec.place, resolved.rule, { path: spec.path }), null;
  if (!existsSync(resolved.abs)) return reporter.report(spec.place, 'dataset-missing', { path: resolved.rel }), null;
  const file = resolved.rel;
  const ext = path.extname(file).toLowerCase();
  // A workbook is a zip, never UTF-8 text.
  const bytes = ext === '.xlsx' ? await readFile(resolved.abs) : await readUtf8({ abs: resolved.abs, file, reporter });
  if (bytes === null) return null;

  // An invalid schema is reported and the data typed by inference, so its own problems still show.
  const schema = await loadSchema({ brief, dataFile: file, reporter });
  const raw =
    ext === '.xlsx' ? await readXlsxTable({ bytes, file, spec, reporter })
    : ext === '.json' ? readJsonTable({ text: bytes.toString('utf8'), file, reporter })
    : readCsvTable({ bytes, file, reporter });
  if (!raw) return null;

  const columns = typeColumns({ raw, schema, file, reporter });
  const rows = buildRows({ raw, columns, schema, reporter });
  const dataset: Dataset = { name: spec.name, file, columns, rows, rowLines: raw.lines, key: spec.key };
  checkKey({ dataset, spec, raw, reporter });
  return dataset;
}

/** The file's bytes without a BOM; null (after a located `not-utf8`) when it is not UTF-8. */
async function readUtf8({ abs, file, reporter }: { abs: string; file: string; reporter: Reporter }): Promise<Buffer | null> {
  const bytes = await readFile(abs);
  if (!isUtf8(bytes)) {
    // Point at the first byte that isn't UTF-8, where the replacement character lands.
    const loose = new TextDecoder('utf-8').decode(bytes);
    const at = new TextPositions(loose).at(Math.max(0, loose.indexOf('\ufffd')));
    reporter.report({ file, ...at }, 'not-utf8');
    return null;
  }
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** `data/stations.csv` → `data/stations.schema.json`, when it exists. */
async function loadSchema({ brief, dataFile, reporter }: { brief: Brief; dataFile: string; reporter: Reporter }): Promise<DatasetSchema | null> {
  const schemaPath = dataFile.replace(/\.[^./]+$/, '') + '.schema.json';
  const resolved = resolveInside({ root: brief.root, base: brief.root, p: schemaPath });
  if (!resolved.ok || !existsSync(resolved.abs)) return null;
  const bytes = await readUtf8({ abs: resolved.abs, file: resolved.rel, reporter });
  if (bytes === null) return null;
  const text = bytes.toString('utf8');
  const result = readSchema(resolved.rel, text);
  if (result.ok) return result.schema;
  const positions = new TextPositions(text);
  for (const p of result.problems) reporter.report({ file: resolved.rel, ...positions.at(p.offset) }, 'schema-file', { detail: p.detail });
  return null;
}

function readCsvTable({ bytes, file, reporter }: { bytes: Buffer; file: string; reporter: Reporter }): RawTable | null {
  const csv = readCsv(bytes);
  const positions = new TextPositions(bytes); // decoded only if a message needs a column
  for (const s of csv.syntax) {
    const { fields } = positions.fieldOffsets(s.line);
    reporter.report({ file, ...positions.at(fields[s.field === 'last' ? fields.length - 1 : s.field] ?? fields[0]) }, 'csv-syntax', { detail: s.detail });
  }
  if (csv.header.length === 0) {
    if (!csv.syntax.length) reporter.report({ file, line: 1, column: 1 }, 'csv-syntax', { detail: 'the file is empty; its first line must name the columns' });
    return null;
  }
  const locateInLine = (line: number, column: number): Place => {
    const { fields, end } = positions.fieldOffsets(line);
    return { file, ...positions.at(fields[column] ?? end) };
  };
  const table: RawTable = {
    header: csv.header.map((h) => h.trim()),
    records: csv.records,
    lines: csv.lines,
    locate: (row, column) => locateInLine(csv.lines[row], column),
    headerPlace: (column) => locateInLine(csv.headerLine, column),
    ragged: new Set(),
  };
  if (!checkHeader({ table, reporter, rule: 'csv-syntax' })) return null;
  csv.records.forEach((record, i) => {
    if (record.length === table.header.length) return;
    table.ragged.add(i);
    // Too many fields: point at the first extra one; too few: at the end of the record.
    const at = table.locate(i, Math.min(record.length, table.header.length));
    reporter.report(at, 'csv-ragged', { actual: record.length, expected: table.header.length });
  });
  return table;
}

function readJsonTable({ text, file, reporter }: { text: string; file: string; reporter: Reporter }): RawTable | null {
  const json = readJson(text);
  const positions = new TextPositions(text);
  for (const p of json.problems) reporter.report({ file, ...positions.at(p.offset) }, 'json-dataset', { detail: p.detail });
  if (!json.ok) return null;
  const start = (row: number) => json.offsets[row] ?? 0;
  const table: RawTable = {
    header: json.header,
    records: json.records,
    lines: json.offsets.map((o) => positions.at(o).line),
    locate: (row, column) => {
      const key = json.header[column];
      const at = key === undefined ? -1 : text.indexOf(JSON.stringify(key), start(row));
      return { file, ...positions.at(at < 0 ? start(row) : at) };
    },
    headerPlace: (column) => table.locate(json.firstRowWith[column] ?? 0, column),
    ragged: new Set(),
  };
  return checkHeader({ table, reporter, rule: 'json-dataset' }) ? table : null;
}

/** Column names must be present and distinct, or rows cannot become objects. */
export function checkHeader({ table, reporter, rule }: { table: RawTable; reporter: Reporter; rule: 'csv-syntax' | 'json-dataset' | 'xlsx-header' }): boolean {
  const seen = new Set<string>();
  let ok = true;
  table.header.forEach((name, i) => {
    const detail = name === '' ? `header field ${i + 1} is empty; every column needs a name` : seen.has(name) ? `column "${name}" appears twice in the header` : null;
    if (detail) {
      reporter.report(table.headerPlace(i), rule, { detail });
      ok = false;
    }
    seen.add(name);
  });
  return ok;
}

/** Column types: the schema's, or inferred from the cells; schema/header mismatches reported. */
function typeColumns({ raw, schema, file, reporter }: { raw: RawTable; schema: DatasetSchema | null; file: string; reporter: Reporter }): Column[] {
  const columns = raw.header.map((name, j): Column => {
    const declared = schema?.columns.get(name)?.column;
    if (declared) return declared;
    if (schema && !schema.additionalProperties) reporter.report(raw.headerPlace(j), 'schema-column-extra', { column: name, schema: schema.file });
    return { name, type: inferColumn(raw.records, j) };
  });
  for (const [name, c] of schema?.columns ?? []) {
    if (c.required && !raw.header.includes(name)) {
      reporter.report({ file, line: raw.headerPlace(0).line, column: 1 }, 'schema-column-missing', { column: name, schema: schema!.file, known: raw.header.join(', ') });
    }
  }
  return columns;
}

function inferColumn(records: unknown[][], j: number): Column['type'] {
  // JSON values keep the type the author wrote; only text is inspected further.
  let kinds = 0; // bit set: 1 string, 2 number, 4 boolean
  let integral = true;
  for (const record of records) {
    const v = record[j];
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'string') kinds |= 1;
    else if (typeof v === 'number') {
      kinds |= 2;
      if (!Number.isInteger(v)) integral = false;
    } else if (typeof v === 'boolean') kinds |= 4;
    else kinds |= 8;
  }
  if (kinds === 2) return integral ? 'integer' : 'number';
  if (kinds === 4) return 'boolean';
  if (kinds === 1) return inferType(records, j);
  return 'string';
}

function cellReader({ column, declared, schemaFile }: { column: Column; declared?: SchemaColumn; schemaFile?: string }): CellReader {
  const { name, type } = column;
  const schema = schemaFile ?? '';
  const isText = type === 'string' || type === 'enum';
  const base = (value: string) => ({ value, column: name, expected: expectedPhrase(column), schema: schema || 'a schema file beside the data' });
  const problem = (rule: 'cell-missing' | 'cell-type', value: string, extra: { expected?: string } = {}): CellProblem => ({ rule, args: { ...base(value), ...extra } });
  const invalidCell = (value: string, detail: string): CellProblem => ({ rule: 'cell-invalid', args: { ...base(value), detail } });
  const check = (value: Cell, shown: string): Cell | CellProblem => {
    const invalid = value === null ? null : declared?.check?.(value);
    if (invalid) return invalidCell(shown, invalid);
    return value;
  };
  const empty = (): Cell | CellProblem => {
    if (!declared?.required) return null;
    if (!isText) return problem('cell-missing', '');
    // A required text column holds "" here: JSON Schema decides (minLength, enum, pattern).
    if (type === 'enum' && !column.values?.includes('')) return problem('cell-type', '');
    const checked = check('', '');
    return typeof checked === 'object' && checked !== null ? checked : null;
  };
  const fromText = (text: string): Cell | CellProblem => {
    if (type === 'string') return declared?.check ? check(text, text) : text;
    const converted = convertCell(text, column);
    return converted.ok ? check(converted.value, text) : problem('cell-type', text, converted.expected ? { expected: converted.expected } : {});
  };
  return (raw) => {
    if (typeof raw === 'string') {
      const text = raw.trim();
      return text === '' ? empty() : fromText(text);
    }
    if (raw === null || raw === undefined) return empty();
    if (typeof raw === 'object') return problem('cell-type', JSON.stringify(raw), { expected: 'a single value (not a list or object)' });
    if (typeof raw === 'number' && (type === 'number' || (type === 'integer' && Number.isInteger(raw)))) return check(raw, String(raw));
    if (typeof raw === 'boolean' && type === 'boolean') return check(raw, String(raw));
    return fromText(String(raw));
  };
}

function buildRows({ raw, columns, schema, reporter }: { raw: RawTable; columns: Column[]; schema: DatasetSchema | null; reporter: Reporter }): Row[] {
  const readers = columns.map((column) => cellReader({ column, declared: schema?.columns.get(column.name), schemaFile: schema?.file }));
  const problemCounts = new Array<number>(columns.length).fill(0);
  const firstHidden: (Place | null)[] = new Array(columns.length).fill(null);
  const rows: Row[] = new Array(raw.records.length);
  for (let i = 0; i < raw.records.length; i++) {
    const record = raw.records[i];
    const row: Row = {};
    for (let j = 0; j < columns.length; j++) {
      const value = readers[j](record[j]);
      if (value !== null && typeof value === 'object') {
        row[columns[j].name] = null;
        if (raw.ragged.has(i)) continue;
        if (++problemCounts[j] <= MAX_PROBLEMS_PER_COLUMN) reporter.report(raw.locate(i, j), value.rule, value.args);
        else firstHidden[j] ??= raw.locate(i, j);
      } else row[columns[j].name] = value;
    }
    rows[i] = row;
  }
  columns.forEach((c, j) => {
    const hidden = problemCounts[j] - MAX_PROBLEMS_PER_COLUMN;
    if (hidden > 0) reporter.report(firstHidden[j]!, 'cell-more', { count: hidden, column: c.name });
  });
  return rows;
}

/** Key columns must exist and identify one row each (the revision log's data diff relies on it). */
function checkKey({ dataset, spec, raw, reporter }: { dataset: Dataset; spec: DatasetSpec; raw: RawTable; reporter: Reporter }): void {
  const known = dataset.columns.map((c) => c.name);
  const unknown = spec.key.filter((k) => !known.includes(k));
  for (const column of unknown) reporter.report(spec.place, 'column-unknown', { dataset: spec.name, column, known: known.join(', ') });
  if (unknown.length || spec.key.length === 0) return;
  const seen = new Map<string, number>();
  dataset.rows.forEach((row, i) => {
    let key = '';
    for (const k of spec.key) key += `${typeof row[k]}:${row[k]}\u0000`; // typed, so 1 and "1" differ
    const first = seen.get(key);
    if (first === undefined) return void seen.set(key, i);
    const shown = spec.key.map((k) => String(row[k] ?? '')).join(', ');
    reporter.report(raw.locate(i, 0), 'key-duplicate', { key: `(${shown})`, other: dataset.rowLines[first], columns: spec.key.join(', ') }, [raw.locate(first, 0)]);
  });
}
