// Characters no embedded font can draw print as empty boxes (or in whatever font the machine has):
// warn, naming the characters and where they are (rule glyph-missing).
import path from 'node:path';
import { visit } from 'unist-util-visit';
import type { Reporter } from '../messages.ts';
import type { Chapter, Place, TableModel } from '../types.ts';
import { fontsKey, hasGlyph, languagesIn } from './fonts.ts';
import { cacheKey, readCachedSync, writeCachedSync } from '../cache.ts';
import { placeInText } from '../places.ts';

/** Controls, spaces and default-ignorable characters draw nothing, in any font. */
function drawsNothing(cp: number): boolean {
  return cp < 0x21 || (cp >= 0x7f && cp <= 0xa0) || cp === 0xad || cp === 0x34f || cp === 0x61c || (cp >= 0x180b && cp <= 0x180f) ||
    (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f) || cp === 0x3000 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff || (cp >= 0xfff0 && cp <= 0xfff8) || (cp >= 0xe0000 && cp <= 0xe0fff);
}

const describe = (cp: number) => `"${String.fromCodePoint(cp)}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;

/** Each text of the chapters (titles, text, code, table cells) with a way to place a character in it. */
function eachText(chapters: Chapter[], check: (text: string, at: (index: number) => Place) => void): void {
  for (const ch of chapters) {
    check(ch.title, () => ({ file: ch.file, line: 1, column: 1 }));
    visit(ch.tree, (node) => {
      const start = node.position?.start;
      const place = (index: number, value: string): Place => {
        if (!start) return { file: ch.file, line: 1, column: 1 };
        return placeInText({ file: ch.file, line: start.line, column: start.column }, value, index);
      };
      if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') {
        const value = (node as { value: string }).value;
        check(value, (i) => place(i, value));
      }
      const model = (node.data as { briefkit?: { model?: TableModel; caption?: string } } | undefined)?.briefkit;
      if (model?.model) {
        const m = model.model;
        const cells = [m.caption ?? '', ...m.notes, ...m.columns.map((c) => c.label), ...m.groups.flatMap((g) => [g.label ?? '', ...g.rows.flat()])].join(' ');
        check(cells, () => place(0, ''));
      }
    });
  }
}

/** The brief's language and those its chapters' inline HTML names (`<span lang="zh-Hant">`): they choose fonts. */
function languagesOf(chapters: Chapter[], language: string): Set<string> {
  const langs = new Set([language.toLowerCase()]);
  for (const ch of chapters) {
    visit(ch.tree, 'html', (node: { value: string }) => {
      for (const l of languagesIn(node.value)) langs.add(l);
    });
  }
  return langs;
}

/**
 * The characters of `chapters` that no font embedded for a document in `langs` draws. Asking the fonts means loading fontkit
 * and decoding woff files (~0.1 s of a `brief check`), so the answer is kept under .cache/glyphs/,
 * keyed by the set of characters, the languages and the font packages' versions.
 */
function undrawable(chapters: Chapter[], langs: Set<string>, cacheDir: string | undefined): Set<number> {
  const used = new Set<number>();
  eachText(chapters, (text) => {
    for (const ch of text) used.add(ch.codePointAt(0)!);
  });
  const codes = [...used].filter((cp) => !(cp >= 0x20 && cp <= 0x7e)).sort((a, b) => a - b); // ASCII: every face draws it
  // A process that checks again (`brief dev` on every save, packs) mostly has the same characters.
  const seen = `${[...langs].sort().join(' ')}|${codes.join(',')}`;
  const known = answers.get(seen);
  if (known) return known;
  const missing = undrawableOnDisk(codes, langs, cacheDir);
  if (answers.size >= 64) answers.clear();
  answers.set(seen, missing);
  return missing;
}

const answers = new Map<string, Set<number>>();

function undrawableOnDisk(codes: number[], langs: Set<string>, cacheDir: string | undefined): Set<number> {
  const dir = cacheDir ? path.join(cacheDir, 'glyphs') : null;
  const name = `${cacheKey([GLYPHS, fontsKey(), [...langs].sort(), codes])}.json`;
  const cached = dir ? readCachedSync(dir, name) : null;
  if (cached !== null) return new Set(JSON.parse(cached) as number[]);
  const missing = codes.filter((cp) => !drawsNothing(cp) && !hasGlyph(cp, langs));
  if (dir) writeCachedSync(dir, name, JSON.stringify(missing));
  return new Set(missing);
}

const GLYPHS = 'glyphs-1';

export function checkGlyphs({ chapters, language, reporter, cacheDir }: { chapters: Chapter[]; language: string; reporter: Reporter; cacheDir?: string }): void {
  const missing = undrawable(chapters, languagesOf(chapters, language), cacheDir);
  if (!missing.size) return;
  const reported = new Set<number>();
  // Each missing character once, at its first place; those first seen on one line in one warning.
  eachText(chapters, (text, at) => {
    const lines = new Map<string, { place: Place; chars: number[] }>();
    let i = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (missing.has(cp) && !reported.has(cp)) {
        reported.add(cp);
        const place = at(i);
        const key = `${place.file}:${place.line}`;
        const line = lines.get(key) ?? { place, chars: [] };
        line.chars.push(cp);
        lines.set(key, line);
      }
      i += ch.length;
    }
    for (const { place, chars } of lines.values()) reporter.report(place, 'glyph-missing', { chars: chars.map(describe).join(', ') });
  });
}
