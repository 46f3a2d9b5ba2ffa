// Offsets → 1-based line:column, for located messages about data files and chapter sources.
import { lineColumn, lineStarts } from '../places.ts';

/** Line and column of positions in a text, computed on first use. */
export class TextPositions {
  private starts: number[] | null = null;
  private decoded: string | null = null;
  constructor(private readonly source: string | Uint8Array) {}

  get text(): string {
    this.decoded ??= typeof this.source === 'string' ? this.source : Buffer.from(this.source).toString('utf8');
    return this.decoded;
  }

  private lineStarts(): number[] {
    if (!this.starts) {
      this.starts = lineStarts(this.text);
    }
    return this.starts;
  }

  lineStart(line: number): number {
    return this.lineStarts()[line - 1] ?? this.text.length;
  }

  /** 1-based line and column (UTF-16 units, as editors count) of an offset. */
  at(offset: number): { line: number; column: number } {
    return lineColumn(this.lineStarts(), offset);
  }

  /**
   * Offsets where each field of the record starting at `line` begins, plus the offset where the
   * record ends, by re-scanning just that record with RFC 4180 quoting.
   */
  fieldOffsets(line: number): { fields: number[]; end: number } {
    const t = this.text;
    let i = this.lineStart(line);
    const fields = [i];
    for (;;) {
      if (t[i] === '"') {
        for (i++; i < t.length; i++) {
          if (t[i] === '"' && t[i + 1] === '"') i++;
          else if (t[i] === '"') break;
        }
        i++;
      }
      while (i < t.length && t[i] !== ',' && t[i] !== '\n' && t[i] !== '\r') i++;
      if (t[i] !== ',') return { fields, end: i };
      fields.push(++i);
    }
  }
}
