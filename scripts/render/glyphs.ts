// Characters no embedded font can draw print as empty boxes (or in whatever font the machine has):
// warn, naming the characters and where they are (rule glyph-missing).
import { visit } from 'unist-util-visit';
import type { Reporter } from '../messages.ts';
import type { Chapter, Place, TableModel } from '../types.ts';
import { hasGlyph, languagesIn } from './fonts.ts';
import { placeInText } from '../places.ts';

/** Controls, spaces and default-ignorable characters draw nothing, in any font. */
function drawsNothing(cp: number): boolean {
  return cp < 0x21 || (cp >= 0x7f && cp <= 0xa0) || cp === 0xad || cp === 0x34f || cp === 0x61c || (cp >= 0x180b && cp <= 0x180f) ||
    (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f) || cp === 0x3000 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff || (cp >= 0xfff0 && cp <= 0xfff8) || (cp >= 0xe0000 && cp <= 0xe0fff);
}

const describe = (cp: number) => `"${String.fromCodePoint(cp)}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;

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

export function checkGlyphs({ chapters, language, reporter }: { chapters: Chapter[]; language: string; reporter: Reporter }): void {
  const langs = languagesOf(chapters, language);
  const known = new Map<number, boolean>();
  const drawable = (cp: number) => {
    let ok = known.get(cp);
    if (ok === undefined) known.set(cp, (ok = drawsNothing(cp) || hasGlyph(cp, langs)));
    return ok;
  };
  const reported = new Set<number>();
  // Each missing character once, at its first place; those first seen on one line in one warning.
  const check = (text: string, at: (index: number) => Place) => {
    const lines = new Map<string, { place: Place; chars: number[] }>();
    let i = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (!drawable(cp) && !reported.has(cp)) {
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
  };
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
