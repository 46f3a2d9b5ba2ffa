// The tools a user might pick instead, run on the same corpus when they are on the machine:
// pagedjs-cli on briefkit's own print HTML, pandoc + WeasyPrint on the corpus markdown, Typst on the
// corpus's Typst markup. All get page-bottom footnotes, the same A4 page and margins, and the Noto fonts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const PEERS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const LUA_FILTER = path.join(PEERS_DIR, 'footnotes.lua');
/** Where the harness looks for a pagedjs-cli installed for it (never inside the project). */
export const PAGEDJS_PREFIX = process.env.BENCH_PEERS_DIR ?? '/tmp/briefkit-bench-peers';

export const INSTALL = {
  pagedjs: `PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix ${PAGEDJS_PREFIX} pagedjs-cli@0.4.3   (or set BENCH_PAGEDJS=/path/to/pagedjs-cli; it is pointed at briefkit's Chromium)`,
  pandoc: 'apt-get install -y pandoc weasyprint   (Debian/Ubuntu packages)',
  typst: `npm install --prefix ${PAGEDJS_PREFIX} @myriaddreamin/typst-ts-node-compiler@0.7.0   (or set BENCH_TYPST to the package's folder)`,
};

const TYPST_PACKAGE = '@myriaddreamin/typst-ts-node-compiler';

/** The Typst compiler for node, installed for the bench (never inside the project): its package folder and version. */
export function findTypst(): Tool | null {
  const dir = process.env.BENCH_TYPST ?? path.join(PAGEDJS_PREFIX, 'node_modules', TYPST_PACKAGE);
  const pkg = path.join(dir, 'package.json');
  if (!existsSync(pkg)) return null;
  return { bin: dir, version: JSON.parse(readFileSync(pkg, 'utf8')).version ?? 'unknown' };
}

/**
 * The Noto fonts as TrueType files in `dir` for Typst, which does not read WOFF2: decompressed from
 * the same @fontsource files the other cases use, before any timing.
 */
export async function typstFonts(dir: string): Promise<void> {
  const { decompress } = require('wawoff2') as { decompress: (b: Buffer) => Promise<Uint8Array> };
  mkdirSync(dir, { recursive: true });
  for (const pkg of ['@fontsource/noto-serif', '@fontsource/noto-sans']) {
    const files = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files');
    for (const f of readdirSync(files).filter((f) => /-latin-(400|600|700)-(normal|italic)\.woff2$/.test(f))) {
      writeFileSync(path.join(dir, f.replace(/\.woff2$/, '.ttf')), await decompress(readFileSync(path.join(files, f))));
    }
  }
}

export interface Tool {
  bin: string;
  version: string;
}

function version(bin: string, args: string[], pick: RegExp): string | null {
  try {
    const out = execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    return out.match(pick)?.[1] ?? out.split('\n')[0].trim();
  } catch {
    return null;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

export function findPagedjs(): Tool | null {
  const candidates = [process.env.BENCH_PAGEDJS, path.join(PAGEDJS_PREFIX, 'node_modules/.bin/pagedjs-cli'), onPath('pagedjs-cli')].filter((p): p is string => !!p);
  const bin = candidates.find((p) => existsSync(p));
  if (!bin) return null;
  // The package.json above the script the bin links to (node_modules/pagedjs-cli/src/cli.js).
  let v: string | null = null;
  for (let dir = path.dirname(realpathSync(bin)); dir !== path.dirname(dir) && !v; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) v = JSON.parse(readFileSync(pkg, 'utf8')).version ?? null;
  }
  v ??= 'unknown';
  return { bin, version: v };
}

export function findPandocWeasyprint(): { pandoc: Tool; weasyprint: Tool } | null {
  const p = onPath('pandoc');
  const w = onPath('weasyprint');
  if (!p || !w) return null;
  return {
    pandoc: { bin: p, version: version(p, ['--version'], /pandoc\S*\s+([\d.]+)/) ?? 'unknown' },
    weasyprint: { bin: w, version: version(w, ['--version'], /version\s+([\d.]+)/i) ?? 'unknown' },
  };
}

export interface PageGeometry {
  size: string;
  margins: string;
  header: string;
}

const cssString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** @page rules both peers understand: size, margins, running header, "x of y" folio. */
export function pageCss(g: PageGeometry): string {
  return `@page { size: ${g.size}; margin: ${g.margins};
  @top-center { content: ${cssString(g.header)}; font: 8pt 'Noto Sans', sans-serif; color: #555; }
  @bottom-center { content: counter(page) " of " counter(pages); font: 8pt 'Noto Sans', sans-serif; }
}`;
}

/**
 * briefkit's print HTML turned into what pagedjs-cli needs for the same page-bottom notes: every
 * first note call becomes the note itself in a `float: footnote` span; the endnotes section goes.
 */
export function pagedHtml(printHtml: string, g: PageGeometry): string {
  const notes = new Map<string, string>();
  for (const m of printHtml.matchAll(/<li id="fn-[^"]*" data-fn="(\d+)">([\s\S]*?)<\/li>/g)) {
    const body = m[2]
      .replace(/<a class="fnback"[\s\S]*?<\/a>/g, '')
      .replace(/<\/p>\s*<p>/g, ' ')
      .replace(/<\/?p>/g, '')
      .trim();
    notes.set(m[1], body);
  }
  const seen = new Set<string>();
  let html = printHtml.replace(/<sup class="fnref"><a [^>]*data-fn="(\d+)"[^>]*>[^<]*<\/a><\/sup>/g, (whole, n: string) => {
    if (seen.has(n) || !notes.has(n)) return whole;
    seen.add(n);
    return `<span class="bk-fn">${notes.get(n)}</span>`;
  });
  html = html.replace(/<section class="footnotes"[\s\S]*?<\/section>/, '');
  const style = `<style>
${pageCss(g)}
body.brief { width: auto; }
.bk-fn { float: footnote; font-size: 7.75pt; line-height: 1.4; text-indent: 0; font-weight: normal; font-style: normal; }
</style>`;
  return html.replace('</head>', `${style}\n</head>`);
}

/** The inline SVG of each chart in the print HTML, by figure id (for pandoc's image references). */
export function chartSvgs(printHtml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of printHtml.matchAll(/<figure[^>]*\bid="(fig-[^"]+)"[^>]*>([\s\S]*?)<\/figure>/g)) {
    const svg = m[2].match(/<svg[\s\S]*<\/svg>/);
    if (svg) out.set(m[1], svg[0].includes('xmlns=') ? svg[0] : svg[0].replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"'));
  }
  return out;
}

function fontFaces(): string {
  const faces: string[] = [];
  const add = (pkg: string, family: string, weight: number, style: 'normal' | 'italic') => {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    const slug = pkg.split('/')[1];
    const file = path.join(dir, 'files', `${slug}-latin-${weight}-${style}.woff2`);
    if (existsSync(file)) faces.push(`@font-face { font-family: '${family}'; font-weight: ${weight}; font-style: ${style}; src: url("file://${file}") format("woff2"); }`);
  };
  for (const [w, s] of [[400, 'normal'], [400, 'italic'], [700, 'normal'], [700, 'italic']] as const) add('@fontsource/noto-serif', 'Noto Serif', w, s);
  for (const [w, s] of [[400, 'normal'], [600, 'normal'], [700, 'normal']] as const) add('@fontsource/noto-sans', 'Noto Sans', w, s);
  return faces.join('\n');
}

/** Stylesheet for pandoc's HTML as WeasyPrint prints it: a plain report look, notes at the page foot. */
export function weasyCss(g: PageGeometry): string {
  return `${fontFaces()}
${pageCss(g)}
html { font: 10pt/1.45 'Noto Serif', serif; }
body { margin: 0; max-width: none; padding: 0; hyphens: auto; }
header#title-block-header { break-after: page; padding-top: 60mm; }
h1.title { font: 700 28pt 'Noto Sans', sans-serif; }
h1 { font: 700 18pt 'Noto Sans', sans-serif; break-before: page; }
h2 { font: 700 12pt 'Noto Sans', sans-serif; break-after: avoid; }
.footnote { float: footnote; font-size: 7.75pt; line-height: 1.4; }
::footnote-call { font-size: 70%; vertical-align: super; line-height: 0; }
.callout { border: 0.5pt solid #999; background: #f4f1ea; padding: 3mm 4mm; break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font: 8pt 'Noto Sans', sans-serif; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 0.25pt solid #bbb; padding: 1pt 3pt; }
img { max-width: 100%; }
figure { break-inside: avoid; margin: 4mm 0; }
`;
}
