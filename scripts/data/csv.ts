// RFC 4180 reading through csv-parse, keeping what located messages need: each record's first
// line, and (computed only when a message needs it) the line and column of any field.
import { parse } from 'csv-parse/sync';

export interface CsvTable {
  header: string[];
  headerLine: number;
  records: string[][];
  /** 1-based line on which each record starts (quoted fields may span lines). */
  lines: number[];
  syntax: { line: number; field: number | 'last'; detail: string }[];
}

/**
 * 1-based line on which each record starts, by one quote-aware pass over the bytes (csv-parse's
 * own line count is off after quoted CRLF breaks, and asking it per record is slow).
 * Empty lines are skipped, as the parser skips them.
 */
export function recordLines(bytes: Uint8Array): number[] {
  const lines: number[] = [];
  let line = 1;
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (atStart) {
      if (c === 10) {
        line++;
        continue;
      }
      if (c === 13) continue;
      lines.push(line);
      atStart = false;
    }
    if (c === 34) quoted = !quoted; // "" inside a quoted field toggles twice
    else if (c === 10) {
      line++;
      atStart = !quoted;
    } else if (c === 13 && !quoted && bytes[i + 1] !== 10) atStart = true; // a lone CR ends a record too
  }
  return lines;
}

// csv-parse's messages, reworded for authors; its own text is kept for the rest.
const SYNTAX: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field opened on this row is never closed: add the closing "',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by more text: wrap the whole field in quotes and double any quote inside it ("")',
  INVALID_OPENING_QUOTE: 'a quote in the middle of an unquoted field: wrap the whole field in quotes and double any quote inside it ("")',
};

/** Parses UTF-8 bytes (BOM already removed). */
export function readCsv(bytes: Uint8Array): CsvTable {
  const starts = recordLines(bytes);
  const syntax: CsvTable['syntax'] = [];
  let failedAt = -1;
  const records = parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    relax_column_count: true, // ragged rows are reported by the loader, with the row's place
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'], // a file may mix line endings after edits on several systems
    skip_records_with_error: true,
    on_skip: (err) => {
      if (!err || failedAt >= 0) return undefined;
      failedAt = Number(err.records); // records emitted before it, so its index
      // An unclosed quote swallows the rest of the file, so it is the record's last field.
      const field = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'last' : typeof err.column === 'number' ? err.column : 0;
      syntax.push({ line: starts[failedAt] ?? Number(err.lines), field, detail: SYNTAX[err.code] ?? err.message.replace(/^[^:]*:\s*/, '') });
      return undefined;
    },
  }) as string[][];
  // After a syntax error the rest of the file cannot be trusted: keep what came before it.
  if (failedAt >= 0) records.length = Math.min(records.length, failedAt);
  const header = records.shift() ?? [];
  return { header, headerLine: starts[0] ?? 1, records, lines: starts.slice(1, records.length + 1), syntax };
}
