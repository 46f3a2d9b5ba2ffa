// How values read on the page, in the brief's language. One place, so a table cell and the same
// value quoted in prose ({{max …}}) look alike.
import { wordsFor } from '../words/index.ts';
import type { Cell } from '../types.ts';

export const NULL_DISPLAY = '—';

const formats = new Map<string, Intl.NumberFormat>();

/**
 * One Intl.NumberFormat per language and options (`key` names the options), made once: building
 * one costs far more than formatting with it. An unknown language tag (reported by config/) formats as English.
 */
export function cachedNumberFormat(language: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${language}|${key}`;
  let f = formats.get(id);
  if (!f) {
    try {
      f = new Intl.NumberFormat(language, options);
    } catch {
      f = new Intl.NumberFormat('en', options);
    }
    formats.set(id, f);
  }
  return f;
}

function numberFormat(language: string, grouping: 'always' | 'min2'): Intl.NumberFormat {
  return cachedNumberFormat(language, grouping, { maximumFractionDigits: 6, useGrouping: grouping } as unknown as Intl.NumberFormatOptions);
}

/** The language's decimal separator: "." in English, "," in French. */
export function decimalSeparator(language: string): string {
  return numberFormat(language, 'min2').formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** A computed quantity in prose (counts, sums): always grouped, "1,234" / "1 234". */
export function formatQuantity(n: number, language: string): string {
  return numberFormat(language, 'always').format(n);
}


/**
 * A cell as shown in a table. Numbers group only from five digits ("2016", "12,500"), so years
 * and four-digit counts read naturally; dates stay ISO; empty cells show an em dash.
 */
export function displayCell(value: Cell, language: string): string {
  if (value === null) return NULL_DISPLAY;
  if (typeof value === 'number') return numberFormat(language, 'min2').format(value);
  if (typeof value === 'boolean') {
    // Booleans in a table read as words of the document's language.
    return wordsFor(language).t(value ? 'yes' : 'no');
  }
  return value;
}
