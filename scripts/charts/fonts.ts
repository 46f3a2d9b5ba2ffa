// Text metrics from the real Noto Sans files, so Vega lays labels out for the
// font the page actually uses (without node-canvas Vega only guesses widths).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import * as vega from 'vega';

const require = createRequire(import.meta.url);
const filesDir = path.join(path.dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');

/** Fontsource splits Noto Sans by script; most text needs only the first file. */
const SUBSETS = ['latin', 'latin-ext', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext', 'vietnamese', 'devanagari'];

/** The family charts ask for; the page CSS must provide it (weights 400 and 700). */
export const CHART_FONT = 'Noto Sans';

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  fontStyle?: string;
  limit?: number;
  ellipsis?: string;
  dir?: string;
}

type Face = { weight: number; italic: boolean };
const fonts = new Map<string, (fontkit.Font | undefined)[]>();
const widths = new Map<string, number>(); // `${weight}${style}|${text}` → width at 1px

function faceOf(item: TextItem): Face {
  const w = item.fontWeight;
  const n = w === 'bold' || w === 'bolder' ? 700 : w === 'lighter' ? 300 : typeof w === 'number' ? w : Number(w) || 400;
  return { weight: Math.min(900, Math.max(100, Math.round(n / 100) * 100)), italic: item.fontStyle === 'italic' || item.fontStyle === 'oblique' };
}

/** One subset file of one face, read on first need. */
function subsetFont(face: Face, i: number): fontkit.Font {
  const key = `${face.weight}${face.italic ? 'i' : 'n'}`;
  let list = fonts.get(key);
  if (!list) fonts.set(key, (list = new Array<fontkit.Font | undefined>(SUBSETS.length).fill(undefined)));
  const file = path.join(filesDir, `noto-sans-${SUBSETS[i]}-${face.weight}-${face.italic ? 'italic' : 'normal'}.woff`);
  return (list[i] ??= fontkit.create(readFileSync(file)) as fontkit.Font);
}

function fontFor(face: Face, cp: number): fontkit.Font | null {
  for (let i = 0; i < SUBSETS.length; i++) {
    const f = subsetFont(face, i);
    if (f.hasGlyphForCodePoint(cp)) return f;
  }
  return null;
}

/** CJK and other full-width characters: Noto Sans has none; their fonts draw them 1 em wide. */
function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}

/** Advance width of `text` at 1 px, with kerning, splitting it into runs per subset file. */
function unitWidth(face: Face, text: string): number {
  const key = `${face.weight}${face.italic ? 'i' : 'n'}|${text}`;
  const hit = widths.get(key);
  if (hit !== undefined) return hit;
  let total = 0;
  let run = '';
  let runFont: fontkit.Font | null = null;
  const flush = () => {
    if (run && runFont) total += runFont.layout(run).advanceWidth / runFont.unitsPerEm;
    run = '';
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const f = fontFor(face, cp);
    if (!f) {
      flush();
      total += isWide(cp) ? 1 : 0.6;
      runFont = null;
      continue;
    }
    if (f !== runFont) flush();
    runFont = f;
    run += ch;
  }
  flush();
  widths.set(key, total);
  return total;
}

function size(item: TextItem): number {
  return item.fontSize != null ? +item.fontSize || 0 : 11;
}

/** Width in px of one line of text as Vega would draw it (after `limit` truncation). */
export function measureText(item: TextItem, line: unknown): number {
  const fs = size(item);
  let text = line == null ? '' : String(line).trim();
  if (fs <= 0 || !text) return 0;
  const face = faceOf(item);
  const width = (t: string) => unitWidth(face, t) * fs;
  if (item.limit && item.limit > 0) text = truncate(text, +item.limit, item, width);
  return width(text);
}

// Same search as vega-scenegraph's truncate(), so measured and drawn text agree.
function truncate(text: string, limit: number, item: TextItem, width: (t: string) => number): string {
  if (width(text) < limit) return text;
  const ellipsis = item.ellipsis || '\u2026';
  const rtl = item.dir === 'rtl';
  let lo = 0;
  let hi = text.length;
  limit -= width(ellipsis);
  if (rtl) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (width(text.slice(mid)) > limit) lo = mid + 1;
      else hi = mid;
    }
    return ellipsis + text.slice(lo);
  }
  while (lo < hi) {
    const mid = 1 + ((lo + hi) >>> 1);
    if (width(text.slice(0, mid)) < limit) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + ellipsis;
}

/** Points Vega's shared text metrics at the font files (idempotent). */
export function useFontMetrics(): void {
  // vega re-exports vega-scenegraph's textMetrics; the typings omit it.
  const tm = (vega as unknown as { textMetrics: { width: unknown; estimateWidth: unknown } }).textMetrics;
  tm.width = measureText;
  tm.estimateWidth = measureText;
}
