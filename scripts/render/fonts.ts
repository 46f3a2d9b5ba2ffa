// Fonts come from @fontsource npm packages, never from the machine, so pages are the same everywhere.
// The PDF loads them by file:// URL; the HTML edition inlines only the subsets its text uses.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Fontkit from 'fontkit';

const require = createRequire(import.meta.url);

interface Face {
  family: string;
  style: string;
  weight: number;
  file: string; // absolute path of the woff2
  ranges: [number, number][];
}

// Package, weights and styles the templates use.
const FAMILIES: { pkg: string; sheets: string[] }[] = [
  { pkg: '@fontsource/noto-serif', sheets: ['400.css', '400-italic.css', '700.css', '700-italic.css'] },
  { pkg: '@fontsource/noto-sans', sheets: ['400.css', '400-italic.css', '600.css', '700.css', '700-italic.css'] },
  { pkg: '@fontsource/noto-serif-sc', sheets: ['400.css', '700.css'] },
  { pkg: '@fontsource/noto-sans-sc', sheets: ['400.css', '700.css'] },
];

let faces: Face[] | null = null;

/** Directories the browser must be allowed to read fonts from. */
export function fontDirs(): string[] {
  return FAMILIES.map((f) => path.dirname(require.resolve(`${f.pkg}/package.json`)));
}

function parseRanges(s: string): [number, number][] {
  return s.split(',').map((part) => {
    const [lo, hi] = part.trim().replace(/^U\+/i, '').split('-');
    if (lo.includes('?')) return [parseInt(lo.replace(/\?/g, '0'), 16), parseInt(lo.replace(/\?/g, 'F'), 16)];
    return [parseInt(lo, 16), parseInt(hi ?? lo, 16)];
  });
}

function loadFaces(): Face[] {
  if (faces) return faces;
  faces = [];
  for (const { pkg, sheets } of FAMILIES) {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    for (const sheet of sheets) {
      const css = readFileSync(path.join(dir, sheet), 'utf8');
      for (const block of css.split('@font-face').slice(1)) {
        const family = /font-family:\s*'([^']+)'/.exec(block)?.[1];
        const style = /font-style:\s*(\w+)/.exec(block)?.[1] ?? 'normal';
        const weight = Number(/font-weight:\s*(\d+)/.exec(block)?.[1] ?? 400);
        const url = /url\(\.\/([^)]+\.woff2)\)/.exec(block)?.[1];
        const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
        if (!family || !url) continue;
        faces.push({ family, style, weight, file: path.join(dir, url), ranges: range ? parseRanges(range) : [[0, 0x10ffff]] });
      }
    }
  }
  return faces;
}

const rule = (f: Face, src: string) =>
  `@font-face{font-family:'${f.family}';font-style:${f.style};font-weight:${f.weight};font-display:block;src:url(${src}) format('woff2');unicode-range:${f.ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',')}}`;

const chosen = new Map<string, Face[]>();

/**
 * The distinct code points of `text`, ascending. A charCodeAt loop with a table for ASCII: the
 * string iterator and a Set per character cost every document (and every country pack) ~10 ms.
 */
function codePoints(text: string): number[] {
  const ascii = new Uint8Array(128);
  const other = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) ascii[c] = 1;
    else {
      const cp = text.codePointAt(i)!;
      other.add(cp);
      if (cp > 0xffff) i++;
    }
  }
  const codes: number[] = [];
  for (let c = 0; c < 128; c++) if (ascii[c]) codes.push(c);
  return codes.concat([...other].sort((x, y) => x - y));
}

/** Faces with a unicode-range covering some character of `text` (all faces without a text). */
function facesFor(text: string | undefined): Face[] {
  if (text === undefined) return loadFaces();
  const codes = codePoints(text);
  // Documents of one brief (its country packs) mostly share their characters: choose once per set.
  const key = codes.join(',');
  let faces = chosen.get(key);
  if (!faces) {
    const covers = ([a, b]: [number, number]) => {
      let lo = 0;
      let hi = codes.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (codes[mid] < a) lo = mid + 1;
        else hi = mid;
      }
      return lo < codes.length && codes[lo] <= b;
    };
    faces = loadFaces().filter((f) => f.ranges.some(covers));
    if (chosen.size > 64) chosen.clear();
    chosen.set(key, faces);
  }
  return faces;
}

/**
 * @font-face rules pointing at the package files (for the PDF). Given the document's markup, only
 * the faces its characters need: the ~400 unused CJK slices alone cost about a second of layout
 * per page load, which every country pack would pay.
 */
export function fontFaceLinks(text?: string): string {
  return facesFor(text).map((f) => rule(f, `"${pathToFileURL(f.file).href}"`)).join('\n');
}

const inlined = new Map<string, string>();

/** @font-face rules with the subsets `text` needs, inlined as data: URLs (for the self-contained HTML). */
export function fontFaceInline(text: string): string {
  return facesFor(text)
    .map((f) => {
      let data = inlined.get(f.file);
      if (!data) inlined.set(f.file, (data = `data:font/woff2;base64,${readFileSync(f.file).toString('base64')}`));
      return rule(f, data);
    })
    .join('\n');
}

/** The font packages' names, versions and faces: what hasGlyph's answers depend on (npm packages never change under a version). */
export function fontsKey(): string {
  return FAMILIES.map((f) => `${f.pkg}@${(require(`${f.pkg}/package.json`) as { version: string }).version}:${f.sheets.join(',')}`).join(' ');
}

const cmaps = new Map<string, Fontkit.Font>();
let fontkit: typeof Fontkit | null = null; // loaded on first need: it costs ~0.1 s, and ASCII text never needs it

/**
 * Whether some face the PDF embeds draws `cp`. The CJK faces' unicode-ranges list exactly the
 * characters their slices hold; the other faces' ranges are whole blocks, so their files are
 * asked (one woff2 read per slice, on first need).
 */
export function hasGlyph(cp: number): boolean {
  if (cp >= 0x20 && cp <= 0xff && !(cp >= 0x7f && cp < 0xa0)) return true; // Latin-1: every Noto face has it
  for (const f of loadFaces()) {
    if (!f.ranges.some(([a, b]) => cp >= a && cp <= b)) continue;
    if (/\bSC$/.test(f.family)) return true;
    let font = cmaps.get(f.file);
    // The .woff beside each .woff2 has the same cmap and decodes several times faster in fontkit.
    const woff = f.file.replace(/\.woff2$/, '.woff');
    fontkit ??= require('fontkit') as typeof Fontkit;
    if (!font) cmaps.set(f.file, (font = fontkit.create(readFileSync(existsSync(woff) ? woff : f.file)) as Fontkit.Font));
    if (font.hasGlyphForCodePoint(cp)) return true;
  }
  return false;
}
