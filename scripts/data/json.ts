// JSON datasets: an array of flat objects. JSON.parse gives no positions, so one extra scan
// finds where each element starts, for located messages and Dataset.rowLines.
import { jsonErrorDetail, jsonErrorOffset } from './schema.ts';

export interface JsonTable {
  ok: boolean;
  header: string[]; // keys in order of first appearance
  records: unknown[][];
  offsets: number[]; // where each element starts in the text
  firstRowWith: number[]; // per column, the first row that has the key (to locate header problems)
  problems: { offset: number; detail: string }[];
}

/** Offsets of the top-level array's elements (strings and nesting skipped). */
function elementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === 1 && expectValue && c !== ']') {
      offsets.push(i);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return offsets;
}

export function readJson(text: string): JsonTable {
  const empty = { header: [], records: [], offsets: [], firstRowWith: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, ...empty, problems: [{ offset: jsonErrorOffset(e), detail: jsonErrorDetail(e) }] };
  }
  if (!Array.isArray(data)) return { ok: false, ...empty, problems: [{ offset: 0, detail: 'the file must hold an array: [ { … }, { … } ]' }] };
  const offsets = elementOffsets(text);
  const problems: JsonTable['problems'] = [];
  const header: string[] = [];
  const firstRowWith: number[] = [];
  const index = new Map<string, number>();
  data.forEach((item, row) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ offset: offsets[row] ?? 0, detail: `element ${row + 1} is not an object` });
      return;
    }
    for (const key of Object.keys(item)) {
      if (index.has(key)) continue;
      index.set(key, header.length);
      header.push(key);
      firstRowWith.push(row);
    }
  });
  // Nested values are reported per cell by the loader (cell-type), with the cell's place.
  const records = data.map((item) => {
    const record = new Array<unknown>(header.length).fill(null);
    if (item && typeof item === 'object' && !Array.isArray(item)) for (const [k, v] of Object.entries(item)) record[index.get(k)!] = v;
    return record;
  });
  return { ok: problems.length === 0, header, records, offsets, firstRowWith, problems };
}
