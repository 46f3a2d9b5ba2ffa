// Per-column number formats of `::table{columns="fert:Fertility:0.0"}`: a small grammar in the
// spirit of spreadsheet formats, printed with Intl.NumberFormat in the brief's language.
//
//   format  = [prefix] digits [ "." zeros ] [ "%" ] [suffix]
//   digits  = "0" (no grouping) | "#,##0" (thousands grouped as the language groups them)
//   zeros   = "0" … up to 15 of them: exactly that many decimals
//   "%"     = right after the digits: the value is a fraction, shown ×100 with the language's percent sign
//   prefix, suffix = a unit as written ("$", " km", " pp"); no "#" or "0" in it

import { cachedNumberFormat } from './display.ts';

export interface NumberFormat {
  /** As the author wrote it. */
  source: string;
  decimals: number;
  grouping: boolean;
  percent: boolean;
  prefix: string;
  suffix: string;
}

/** More decimals than a double holds are noise. */
export const MAX_DECIMALS = 15;

const GRAMMAR = /^([^#0.]*)(#,##0|0)(?:\.(0+))?(%)?([^#0]*)$/;

/** A format, or null when `text` is not one (the caller reports `column-format`). */
export function parseNumberFormat(text: string): NumberFormat | null {
  const m = GRAMMAR.exec(text);
  if (!m) return null;
  const decimals = m[3]?.length ?? 0;
  if (decimals > MAX_DECIMALS) return null;
  return { source: text, decimals, grouping: m[2] === '#,##0', percent: m[4] === '%', prefix: m[1], suffix: m[5] };
}

function formatterFor(f: NumberFormat, language: string): Intl.NumberFormat {
  const options: Intl.NumberFormatOptions = { style: f.percent ? 'percent' : 'decimal', minimumFractionDigits: f.decimals, maximumFractionDigits: f.decimals, useGrouping: f.grouping };
  return cachedNumberFormat(language, `column ${f.decimals} ${f.grouping} ${f.percent}`, options);
}

/** A number as the format shows it: "12.50 km", "1,234", "12.5%". */
export function formatNumber(value: number, f: NumberFormat, language: string): string {
  return `${f.prefix}${formatterFor(f, language).format(value)}${f.suffix}`;
}

/**
 * `columns="a:A,pop:Population:#,##0,b"` split into its column parts with their offsets: a comma
 * inside `#,##0` belongs to the format, not to the list.
 */
export function splitColumns(spec: string): { part: string; offset: number }[] {
  const parts: { part: string; offset: number }[] = [];
  let start = 0;
  for (let i = 0; i <= spec.length; i++) {
    if (i < spec.length && (spec[i] !== ',' || (spec[i - 1] === '#' && spec.startsWith('##0', i + 1)))) continue;
    parts.push({ part: spec.slice(start, i), offset: start });
    start = i + 1;
  }
  return parts;
}
