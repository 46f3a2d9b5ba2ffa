// Fonts come from @fontsource npm packages, never from the machine, so pages are the same everywhere.
// The PDF loads them by file:// URL; the HTML edition inlines only the subsets its text uses.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Fontkit from 'fontkit';
import { packageVersion } from '../version.ts';
import { readPrebuilt, writePrebuilt } from './prebuilt.ts';

const require = createRequire(import.meta.url);
/** The folder an installed package lives in. */
const packageDir = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));

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
  /** Its unicode-range, flat: from, to, from, to… (the CJK sheets hold ~100,000 ranges: pairs as arrays were mostly garbage collection). */
  ranges: number[];
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
// `family` is the name the CSS (and Word) asks for; `scripts` the ISO 15924 scripts it is the face for,
// `role` whether body text (serif) or headings, tables and furniture (sans) take it; `letters` what
// it draws that the faces before it in the CSS stacks do not (the CJK slices also list punctuation
// Noto Serif draws first, so linking a slice does not mean a page shows it).
const HAN = /[\p{Script=Han}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;
const FAMILIES: { pkg: string; family: string; scripts: string[]; role: 'serif' | 'sans'; letters?: RegExp; sheets: string[]; subset?: string; when?: (needs: Needs) => boolean }[] = [
  { pkg: '@fontsource/noto-serif', family: 'Noto Serif', scripts: ['Latn', 'Cyrl', 'Grek'], role: 'serif', sheets: ['400.css', '400-italic.css', '700.css', '700-italic.css'] },
  { pkg: '@fontsource/noto-sans', family: 'Noto Sans', scripts: ['Latn', 'Cyrl', 'Grek'], role: 'sans', sheets: ['400.css', '400-italic.css', '600.css', '700.css', '700-italic.css'] },
  { pkg: '@fontsource/noto-serif-sc', family: 'Noto Serif SC', scripts: ['Hans'], role: 'serif', letters: HAN, sheets: ['400.css', '700.css'], when: wantsSimplified },
  { pkg: '@fontsource/noto-sans-sc', family: 'Noto Sans SC', scripts: ['Hans'], role: 'sans', letters: HAN, sheets: ['400.css', '700.css'], when: wantsSimplified },
  { pkg: '@fontsource/noto-serif-tc', family: 'Noto Serif TC', scripts: ['Hant'], role: 'serif', letters: HAN, sheets: ['400.css', '700.css'], when: wantsTraditional },
  { pkg: '@fontsource/noto-sans-tc', family: 'Noto Sans TC', scripts: ['Hant'], role: 'sans', letters: HAN, sheets: ['400.css', '700.css'], when: wantsTraditional },
  // Amiri, not Noto Naskh/Sans Arabic: Noto draws each letter as a dotless skeleton plus separate
  // dot glyphs, which the PDF can only map back to text through /ActualText, and pdf.js (Firefox's
  // viewer, its search and copy) ignores /ActualText; Amiri's letters come back as the source text.
  // One family sets both Arabic body text and headings (brief.css puts it in --serif and --sans).
  { pkg: '@fontsource/amiri', family: 'Amiri', scripts: ['Arab'], role: 'serif', letters: /\p{Script=Arabic}/u, sheets: ['400.css', '400-italic.css', '700.css', '700-italic.css'], subset: 'arabic', when: usesArabic },
];

/** The script a language is written in (zh-TW → Hant, ar → Arab), undefined for a tag Intl does not know. */
function scriptOf(language: string): string | undefined {
  try {
    return new Intl.Locale(language).maximize().script;
  } catch {
    return undefined;
  }
}

/**
 * The families a document in `language` sets its own script in, body then headings: what Word is
 * told to use for that script (docx/language.ts). The Latin faces for a script no family lists.
 */
export function scriptFamilies(language: string): { script: string | undefined; serif: string; sans: string } {
  const script = scriptOf(language);
  const own = FAMILIES.filter((f) => script !== undefined && f.scripts.includes(script));
  const latin = FAMILIES.filter((f) => f.scripts.includes('Latn'));
  const pick = (role: 'serif' | 'sans') => (own.find((f) => f.role === role) ?? own[0] ?? latin.find((f) => f.role === role)!).family;
  return { script, serif: pick('serif'), sans: pick('sans') };
}

/**
 * The families the faces chosen for `text` (in `langs`) belong to, for the colophon: those of
 * `language`'s own script first (an Arabic brief is set in Amiri, with Noto for its Latin), then in
 * FAMILIES' order.
 */
export function familiesUsed(text: string, langs: Set<string>, language: string): string[] {
  const linked = new Set(facesFor(text, langs).map((f) => f.family));
  const script = scriptOf(language);
  const own = (f: (typeof FAMILIES)[number]) => (script !== undefined && f.scripts.includes(script) ? 0 : 1);
  return [...FAMILIES]
    .sort((a, b) => own(a) - own(b))
    .filter((f) => linked.has(f.family) && (f.letters?.test(text) ?? true))
    .map((f) => f.family);
}

/**
 * The language tags a document's markup names, lower-cased: <html lang>, inline `lang` attributes
 * (in tags only: `&lt;span lang="…">` shown in a code block names nothing).
 */
export function languagesIn(markup: string): Set<string> {
  const langs = new Set<string>();
  for (const m of markup.matchAll(/<[a-z][^<>]*?\slang\s*=\s*["']?([A-Za-z0-9-]+)/gi)) langs.add(m[1].toLowerCase());
  return langs;
}

/** Each family's faces, read from its package's CSS on first need. */
const familyFaces = new Map<string, Face[]>();

/** Directories the browser must be allowed to read fonts from. */
export function fontDirs(): string[] {
  return FAMILIES.map((f) => packageDir(f.pkg));
}

const hexDigit = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

/**
 * `U+4e00-9fff, U+3??, U+20ac` as [from, to] pairs. A character loop, not split and parseInt: the
 * CJK sheets list ~100,000 ranges, and parsing them was most of a build's font work.
 */
function parseRanges(s: string): number[] {
  const out: number[] = [];
  let i = 0;
  const hex = (wild: number) => {
    let v = 0;
    let digits = 0;
    for (; i < s.length; i++, digits++) {
      const c = s.charCodeAt(i);
      const d = c === 63 /* ? */ ? wild : hexDigit(c);
      if (d < 0) break;
      v = v * 16 + d;
    }
    return digits ? v : -1;
  };
  while (i < s.length) {
    const u = s.indexOf('+', i);
    if (u < 0) break;
    i = u + 1;
    const start = i;
    const lo = hex(0);
    if (lo < 0) continue;
    if (s.slice(start, i).includes('?')) {
      i = start;
      out.push(lo, hex(15));
    } else if (s[i] === '-') {
      i++;
      const hi = hex(0);
      out.push(lo, hi < 0 ? lo : hi);
    } else out.push(lo, lo);
  }
  return out;
}

/**
 * Where the compiled CLI (dist/render/) keeps each family's faces as read from its CSS at compile
 * time (prebuildFaces): reading the CJK sheets' ~100,000 ranges was most of a build's font work.
 */
const PREBUILT_FACES = path.join(import.meta.dirname, 'faces');
type PrebuiltFace = Omit<Face, 'file' | 'when'> & { file: string };
const prebuiltFile = (pkg: string) => path.join(PREBUILT_FACES, `${pkg.replace(/[@/]/g, '_')}.json`);

/** Writes every family's faces beside this module, for readFamily (bin/compile.mjs runs it). */
export function prebuildFaces(): void {
  for (const f of FAMILIES) {
    const dir = packageDir(f.pkg);
    const faces: PrebuiltFace[] = facesFromCss(f).map(({ when: _, ...face }) => ({ ...face, file: path.relative(dir, face.file) }));
    writePrebuilt(prebuiltFile(f.pkg), f.pkg, faces);
  }
}

function readFamily(family: (typeof FAMILIES)[number]): Face[] {
  let faces = familyFaces.get(family.pkg);
  if (!faces) familyFaces.set(family.pkg, (faces = prebuiltFaces(family) ?? facesFromCss(family)));
  return faces;
}

/** The faces prebuildFaces wrote for the installed version of the family's package, if it did. */
function prebuiltFaces({ pkg, when }: (typeof FAMILIES)[number]): Face[] | null {
  const faces = readPrebuilt<PrebuiltFace[]>(prebuiltFile(pkg), pkg);
  if (!faces) return null; // not compiled (tests, development), or for another version: read from the CSS
  const dir = packageDir(pkg);
  return faces.map((f) => ({ ...f, file: path.join(dir, f.file), when }));
}

function facesFromCss({ pkg, sheets, subset, when }: (typeof FAMILIES)[number]): Face[] {
  const faces: Face[] = [];
  const dir = packageDir(pkg);
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
      faces.push({ family, style, weight, file: path.join(dir, url), ranges: range ? parseRanges(range) : [0, 0x10ffff], when });
    }
  }
  return faces;
}

/** Every face; given a document's needs, only those of the families it may use (the others' CSS is not read). */
function loadFaces(needs?: Needs, families = FAMILIES): Face[] {
  return families.flatMap((f) => (needs && f.when && !f.when(needs) ? [] : readFamily(f)));
}

const rule = (f: Face, src: string) =>
  `@font-face{font-family:'${f.family}';font-style:${f.style};font-weight:${f.weight};font-display:block;src:url(${src}) format('woff2');unicode-range:${pairs(f.ranges).map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',')}}`;

const pairs = (ranges: number[]) => Array.from({ length: ranges.length / 2 }, (_, i): [number, number] => [ranges[2 * i], ranges[2 * i + 1]]);

/** Whether some range of `ranges` (flat pairs) holds a value `test` accepts. */
function someRange(ranges: number[], test: (from: number, to: number) => boolean): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (test(ranges[i], ranges[i + 1])) return true;
  return false;
}

const chosen = new Map<string, Face[]>();

/** The lowest and highest code point a face's ranges hold, worked out once a face. */
const spans = new WeakMap<Face, { from: number; to: number }>();
function spanOf(face: Face): { from: number; to: number } {
  let span = spans.get(face);
  if (!span) {
    span = { from: Infinity, to: -Infinity };
    for (let i = 0; i < face.ranges.length; i += 2) {
      span.from = Math.min(span.from, face.ranges[i]);
      span.to = Math.max(span.to, face.ranges[i + 1]);
    }
    spans.set(face, span);
  }
  return span;
}

/**
 * The distinct code points of `text`, ascending. Native searches, not a loop over every character:
 * which of the 128 ASCII codes occur (indexOf finds most within the first lines), then a loop over
 * what is left once the ASCII runs are removed (a regular expression). A 230 kB print HTML: ~0.8 ms
 * against ~3.6 ms for a charCodeAt loop, cold, and a build reads three such texts.
 */
function codePoints(text: string): number[] {
  const codes: number[] = [];
  for (let c = 0; c < 128; c++) if (text.includes(String.fromCharCode(c))) codes.push(c);
  const rest = text.replace(/[\x00-\x7f]+/g, '');
  const other = new Set<number>();
  for (let i = 0; i < rest.length; i++) {
    const cp = rest.codePointAt(i)!;
    other.add(cp);
    if (cp > 0xffff) i++;
  }
  return codes.concat([...other].sort((x, y) => x - y));
}

/**
 * Faces with a unicode-range covering some character of `text` and wanted by a document in `langs`
 * (all faces without a text); `drawnOnly`: of the script families, only those `text` has letters of.
 */
function facesFor(text: string | undefined, langs: Set<string>, { drawnOnly = false } = {}): Face[] {
  if (text === undefined) return loadFaces();
  const codes = codePoints(text);
  // Documents of one brief (its country packs) mostly share their characters: choose once per set.
  const key = `${drawnOnly ? 'drawn ' : ''}${[...langs].sort().join(' ')}|${codes.join(',')}`;
  let faces = chosen.get(key);
  if (!faces) {
    const covers = (a: number, b: number) => {
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
    // loadFaces(needs) leaves out the families `needs` rules out (a face's `when` is its family's).
    // A face whose ranges all lie outside the text's lowest and highest characters covers none of
    // them: most CJK slices, for a text in Latin letters, are passed over without a search.
    const [first, last] = [codes[0] ?? 0, codes[codes.length - 1] ?? 0];
    const families = drawnOnly ? FAMILIES.filter((f) => f.letters?.test(text) ?? true) : FAMILIES;
    faces = loadFaces(needs, families).filter((f) => spanOf(f).from <= last && spanOf(f).to >= first && someRange(f.ranges, covers));
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
  return linkSheet(facesFor(text, langs));
}

const linkSheet = (faces: Face[]) => sheetOf(faces, linkSheets, (f) => rule(f, `"${pathToFileURL(f.file).href}"`));

/** @font-face rules with the faces `text` (in `langs`) needs, each at `url(file)`: `brief dev` serves the files itself. */
export function fontFaceUrls(text: string, langs: Set<string>, url: (file: string) => string): string {
  return facesFor(text, langs).map((f) => rule(f, JSON.stringify(url(f.file)))).join('\n');
}

const PRINTABLE_ASCII = String.fromCharCode(...Array.from({ length: 0x5f }, (_, i) => 0x20 + i));

/**
 * A page that draws `text`'s characters in each style and weight of the serif and sans stacks a
 * document in each of `langs` is set in (brief.css: the language's own script first): the printer
 * loads it while that document is still being rendered (Printer.warm), so the faces it will draw
 * with are fetched and decoded by the time it loads (~85 ms of a 20-page brief's load, on 2 cores).
 * The browser picks the faces as it will for the document: the CJK slices that list Latin
 * punctuation stay unloaded. Only our own markup: the characters are escaped.
 */
export function faceSampleHtml(text: string, langs: Set<string>): string {
  // Every printable ASCII character, and the others `text` has: the same faces, for a fraction of
  // the work (the sources of a 20-page brief are ~100 kB).
  const sample = PRINTABLE_ASCII + text.replace(/[\x00-\x7f]+/g, '');
  // Not the script families whose letters it has none of: their slices that list Latin punctuation
  // are never drawn (the Latin faces come first in every stack), and reading the CJK ones is ~10 ms.
  const faces = facesFor(sample, langs, { drawnOnly: true });
  const chars = codePoints(sample)
    .filter((cp) => cp > 0x20 && !(cp >= 0x7f && cp < 0xa0))
    .map((cp) => (cp === 0x26 ? '&amp;' : cp === 0x3c ? '&lt;' : cp === 0x3e ? '&gt;' : String.fromCodePoint(cp)))
    .join('');
  const rules: string[] = [];
  for (const language of langs.size ? langs : new Set(['en'])) {
    const own = scriptFamilies(language);
    for (const role of ['serif', 'sans'] as const) {
      const stack = [...new Set([own[role], ...FAMILIES.filter((f) => f.role === role || f.family === 'Amiri').map((f) => f.family)])];
      const drawn = faces.filter((f) => stack.includes(f.family));
      for (const variant of new Set(drawn.map((f) => `font-style:${f.style};font-weight:${f.weight}`))) {
        rules.push(`font-family:${stack.map((f) => `'${f}'`).join(',')},${role === 'sans' ? 'sans-serif' : 'serif'};${variant}`);
      }
    }
  }
  return [
    '<!doctype html><html><head>',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src file:">`,
    '<meta charset="utf-8"><title></title>',
    `<style>\n${linkSheet(faces)}\n${rules.map((r, i) => `.f${i}{${r}}`).join('\n')}\n</style>`,
    `</head><body>${rules.map((_, i) => `<p class="f${i}">${chars}</p>`).join('')}</body></html>`,
  ].join('');
}

/** The face file called `name` (a woff2's base name), or null: what `brief dev` may serve as a font, and nothing else. */
export function faceFileNamed(name: string): string | null {
  return loadFaces().find((f) => path.basename(f.file) === name)?.file ?? null;
}

/**
 * The rules of one set of faces, made once per set: documents with different characters mostly
 * need the same faces (every Latin country pack), and the inlined sheet is megabytes of base64.
 * A few sets are kept, so a long run of packs holds a few sheets, not one per character set.
 */
function sheetOf(faces: Face[], sheets: Map<string, string>, ruleOf: (f: Face) => string): string {
  // Each face is one woff2 file: the files name the set (without reading every family's faces).
  const key = faces.map((f) => f.file).join('\n');
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

/**
 * The woff2 files of the script faces (Amiri, the sans CJK faces) that draw `text`'s characters
 * outside Noto Sans, upright, for charts drawn outside the browser (docx/image.ts).
 */
export function scriptSansFaceFiles(text: string, langs: Set<string>): string[] {
  const drawing = FAMILIES.filter((g) => g.letters?.test(text) && (g.role === 'sans' || g.family === 'Amiri')).map((g) => g.family);
  return facesFor(text, langs)
    .filter((f) => f.style === 'normal' && drawing.includes(f.family))
    .map((f) => f.file);
}

/** The font packages' names, versions and faces: what hasGlyph's answers depend on (npm packages never change under a version). */
export function fontsKey(): string {
  return FAMILIES.map((f) => `${f.pkg}@${packageVersion(f.pkg)}:${f.sheets.join(',')}`).join(' ');
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
    if (!someRange(f.ranges, (a, b) => cp >= a && cp <= b)) continue;
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
