// Fonts come from @fontsource npm packages, never from the machine, so pages are the same everywhere.
// The PDF loads them by file:// URL; the HTML edition inlines only the subsets its text uses.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Fontkit from 'fontkit';

const require = createRequire(import.meta.url);

/** What a document holds that decides which script-specific families it needs. */
interface Needs {
  /** Its characters, sorted. */
  codes: number[];
  /** The language tags it names (`lang="…"`). */
  langs: Set<string>;
}

interface Face {
  family: string;
  style: string;
  weight: number;
  file: string; // absolute path of the woff2
  ranges: [number, number][];
  /** Only for documents that need it (on top of its unicode-range covering a character). */
  when?: (needs: Needs) => boolean;
}

/** Letters of the Arabic script (not the joiners and hyphens its slice's range also lists). */
const ARABIC_LETTERS: [number, number][] = [[0x600, 0x6ff], [0x750, 0x77f], [0x870, 0x8ff], [0xfb50, 0xfdff], [0xfe70, 0xfeff]];
const usesArabic = ({ codes }: Needs) => codes.some((cp) => ARABIC_LETTERS.some(([a, b]) => cp >= a && cp <= b));

/** Traditional Chinese shapes differ from Simplified for the same code points: chosen by language, not by character. */
const TRADITIONAL = /^zh-(hant|tw|hk|mo)\b/i;
const wantsTraditional = ({ langs }: Needs) => [...langs].some((l) => TRADITIONAL.test(l));
/** A document whose Chinese is all Traditional draws none of it with the Simplified faces. */
const wantsSimplified = ({ langs }: Needs) => {
  const chinese = [...langs].filter((l) => /^zh\b/.test(l));
  return chinese.length === 0 || !chinese.every((l) => TRADITIONAL.test(l));
};

// Package, weights and styles the templates use; `subset` keeps only that script's slices (the
// Arabic package repeats Latin slices the Latin faces already draw).
const FAMILIES: { pkg: string; sheets: string[]; subset?: string; when?: (needs: Needs) => boolean }[] = [
  { pkg: '@fontsource/noto-serif', sheets: ['400.css', '400-italic.css', '700.css', '700-italic.css'] },
  { pkg: '@fontsource/noto-sans', sheets: ['400.css', '400-italic.css', '600.css', '700.css', '700-italic.css'] },
  { pkg: '@fontsource/noto-serif-sc', sheets: ['400.css', '700.css'], when: wantsSimplified },
  { pkg: '@fontsource/noto-sans-sc', sheets: ['400.css', '700.css'], when: wantsSimplified },
  { pkg: '@fontsource/noto-serif-tc', sheets: ['400.css', '700.css'], when: wantsTraditional },
  { pkg: '@fontsource/noto-sans-tc', sheets: ['400.css', '700.css'], when: wantsTraditional },
  // Amiri, not Noto Naskh/Sans Arabic: Noto draws each letter as a dotless skeleton plus separate
  // dot glyphs, which the PDF can only map back to text through /ActualText, and pdf.js (Firefox's
  // viewer, its search and copy) ignores /ActualText; Amiri's letters come back as the source text.
  { pkg: '@fontsource/amiri', sheets: ['400.css', '400-italic.css', '700.css', '700-italic.css'], subset: 'arabic', when: usesArabic },
];

/**
 * The language tags a document's markup names, lower-cased: <html lang>, inline `lang` attributes
 * (in tags only: `&lt;span lang="…">` shown in a code block names nothing).
 */
export function languagesIn(markup: string): Set<string> {
  const langs = new Set<string>();
  for (const m of markup.matchAll(/<[a-z][^<>]*?\slang\s*=\s*["']?([A-Za-z0-9-]+)/gi)) langs.add(m[1].toLowerCase());
  return langs;
}

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
  for (const { pkg, sheets, subset, when } of FAMILIES) {
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
        if (subset && !url.includes(`-${subset}-${weight}-`)) continue;
        faces.push({ family, style, weight, file: path.join(dir, url), ranges: range ? parseRanges(range) : [[0, 0x10ffff]], when });
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

/**
 * Faces with a unicode-range covering some character of `text` and wanted by a document in `langs`
 * (all faces without a text).
 */
function facesFor(text: string | undefined, langs: Set<string>): Face[] {
  if (text === undefined) return loadFaces();
  const codes = codePoints(text);
  // Documents of one brief (its country packs) mostly share their characters: choose once per set.
  const key = `${[...langs].sort().join(' ')}|${codes.join(',')}`;
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
    const needs = { codes, langs };
    faces = loadFaces().filter((f) => f.ranges.some(covers) && (f.when?.(needs) ?? true));
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
export function fontFaceLinks(text?: string, langs: Set<string> = new Set()): string {
  return sheetOf(facesFor(text, langs), linkSheets, (f) => rule(f, `"${pathToFileURL(f.file).href}"`));
}

/**
 * The rules of one set of faces, made once per set: documents with different characters mostly
 * need the same faces (every Latin country pack), and the inlined sheet is megabytes of base64.
 * A few sets are kept, so a long run of packs holds a few sheets, not one per character set.
 */
function sheetOf(faces: Face[], sheets: Map<string, string>, ruleOf: (f: Face) => string): string {
  const all = loadFaces();
  const key = faces.map((f) => all.indexOf(f)).join(' ');
  let sheet = sheets.get(key);
  if (sheet === undefined) {
    if (sheets.size >= 8) sheets.clear();
    sheets.set(key, (sheet = faces.map(ruleOf).join('\n')));
  }
  return sheet;
}

const linkSheets = new Map<string, string>();
const inlineSheets = new Map<string, string>();
const inlined = new Map<string, string>();

/** @font-face rules with the subsets `text` (in `langs`) needs, inlined as data: URLs (for the self-contained HTML). */
export function fontFaceInline(text: string, langs: Set<string> = new Set()): string {
  return sheetOf(facesFor(text, langs), inlineSheets, (f) => {
    let data = inlined.get(f.file);
    if (!data) inlined.set(f.file, (data = `data:font/woff2;base64,${readFileSync(f.file).toString('base64')}`));
    return rule(f, data);
  });
}

/** The font packages' names, versions and faces: what hasGlyph's answers depend on (npm packages never change under a version). */
export function fontsKey(): string {
  return FAMILIES.map((f) => `${f.pkg}@${(require(`${f.pkg}/package.json`) as { version: string }).version}:${f.sheets.join(',')}`).join(' ');
}

const cmaps = new Map<string, Fontkit.Font>();
let fontkit: typeof Fontkit | null = null; // loaded on first need: it costs ~0.1 s, and ASCII text never needs it

/**
 * Whether some face the PDF embeds for a document in `langs` draws `cp`. The CJK faces'
 * unicode-ranges list exactly the characters their slices hold; the other faces' ranges are whole
 * blocks, so their files are asked (one woff2 read per slice, on first need).
 */
export function hasGlyph(cp: number, langs: Set<string>): boolean {
  if (cp >= 0x20 && cp <= 0xff && !(cp >= 0x7f && cp < 0xa0)) return true; // Latin-1: every Noto face has it
  for (const f of loadFaces()) {
    if (!f.ranges.some(([a, b]) => cp >= a && cp <= b)) continue;
    if (f.when && !f.when({ codes: [cp], langs })) continue;
    if (/\b[ST]C$/.test(f.family)) return true;
    let font = cmaps.get(f.file);
    // The .woff beside each .woff2 has the same cmap and decodes several times faster in fontkit.
    const woff = f.file.replace(/\.woff2$/, '.woff');
    fontkit ??= require('fontkit') as typeof Fontkit;
    if (!font) cmaps.set(f.file, (font = fontkit.create(readFileSync(existsSync(woff) ? woff : f.file)) as Fontkit.Font));
    if (font.hasGlyphForCodePoint(cp)) return true;
  }
  return false;
}
