// Bibliography files → CSL-JSON items by citation key, each with the place it was defined.
// BibTeX/BibLaTeX and RIS are read by citation-js (the parsers Zotero-style exports are tested
// against); CSL-JSON is JSON already. Syntax errors are located at file:line:col.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter } from '../messages.ts';
import type { CitationSpec, Place } from '../types.ts';
import { decodeUtf8 } from '../config/text.ts';
import { formatOf, type BibFormat as Format } from '../config/citations.ts';
import { cacheKey, readCachedSync, writeCachedSync } from '../cache.ts';
import { packageVersion } from '../version.ts';

/** A CSL-JSON item (the fields citeproc reads), keyed by `id`. */
export type CslItem = { id: string; type: string; [field: string]: unknown };

export interface BibEntry {
  item: CslItem;
  place: Place;
}

export type Bibliography = Map<string, BibEntry>;

/** Every entry of every file, in file order; a key defined twice is reported with both places. */
export async function loadBibliography({ root, spec, reporter, cacheDir }: { root: string; spec: CitationSpec; reporter: Reporter; cacheDir?: string }): Promise<Bibliography> {
  const texts = await Promise.all(spec.files.map(async (f) => ({ file: f.path, bytes: await readFile(path.join(root, f.path)) })));
  const entries: Bibliography = new Map();
  let parsers: Parsers | null = null;
  for (const { file, bytes } of texts) {
    const text = decodeUtf8(bytes);
    if (text === null) {
      reporter.report({ file, line: 1, column: 1 }, 'not-utf8');
      continue;
    }
    const parse = async () => parseFile({ file, text, parsers: formatOf(file) === 'csljson' ? null : (parsers ??= await bibParsers()) });
    const parsed = cacheDir && formatOf(file) !== 'csljson' ? await parsedCached(cacheDir, file, text, parse) : await parse();
    if ('error' in parsed) {
      reporter.report({ file, line: parsed.error.line, column: parsed.error.column }, 'bib-syntax', { format: FORMAT_NAMES[formatOf(file)!], detail: parsed.error.detail });
      continue;
    }
    for (const entry of parsed.entries) {
      const first = entries.get(entry.item.id);
      if (first) {
        reporter.report(entry.place, 'cite-key-duplicate', { key: entry.item.id, other: `${first.place.file}:${first.place.line}:${first.place.column}` }, [first.place]);
        continue;
      }
      entries.set(entry.item.id, entry);
    }
  }
  return entries;
}

type Parsers = Awaited<ReturnType<typeof bibParsers>>;

/** citation-js with its BibTeX and RIS readers: loaded only when a brief has such a file (a large library). */
async function bibParsers() {
  const [{ plugins }] = await Promise.all([import('@citation-js/core'), import('@citation-js/plugin-bibtex'), import('@citation-js/plugin-ris')]);
  return plugins;
}

type Parsed = { entries: BibEntry[] } | { error: { line: number; column: number; detail: string } };

const PARSER = ['bib-1', ...['@citation-js/core', '@citation-js/plugin-bibtex', '@citation-js/plugin-ris'].map(packageVersion)].join('\0');

/**
 * A BibTeX or RIS file's entries (or its syntax error) through .cache/bib/, keyed by the text and
 * the parsers' versions: loading citation-js alone costs a cold `brief check` ~0.1 s.
 */
async function parsedCached(cacheDir: string, file: string, text: string, parse: () => Promise<Parsed>): Promise<Parsed> {
  const dir = path.join(cacheDir, 'bib');
  const name = `${cacheKey([PARSER, file, text])}.json`;
  const cached = readCachedSync(dir, name);
  if (cached !== null) return JSON.parse(cached) as Parsed;
  const parsed = await parse();
  writeCachedSync(dir, name, JSON.stringify(parsed));
  return parsed;
}

function parseFile({ file, text, parsers }: { file: string; text: string; parsers: Parsers | null }): Parsed {
  const format = formatOf(file)!;
  let items: CslItem[];
  try {
    items = format === 'csljson' ? cslJson(text) : (parsers!.input.chain(text, { forceType: format === 'bibtex' ? '@biblatex/text' : '@ris/file', generateGraph: false }) as CslItem[]);
  } catch (e) {
    return { error: syntaxError(e, text) };
  }
  if (format === 'ris') items = items.map(withRisKey);
  return { entries: items.map((item) => ({ item, place: { file, ...keyPosition(text, format, item.id) } })) };
}

const FORMAT_NAMES: Record<Format, string> = { bibtex: 'BibTeX', csljson: 'CSL-JSON', ris: 'RIS' };

function cslJson(text: string): CslItem[] {
  const data: unknown = JSON.parse(text);
  const list = Array.isArray(data) ? data : [data];
  list.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || typeof (item as CslItem).id !== 'string' || typeof (item as CslItem).type !== 'string') {
      throw new Error(`item ${i + 1} is not a CSL-JSON item: each needs a string "id" and "type"`);
    }
  });
  return list as CslItem[];
}

/** EndNote writes the key as ID; Zotero's RIS has none, so the key is made as pandoc does: author + year. */
function withRisKey(item: CslItem): CslItem {
  if (item.id && !/^temp_id_/.test(item.id)) return item;
  const author = (item.author as { family?: string; literal?: string }[] | undefined)?.[0];
  const name = (author?.family ?? author?.literal ?? 'anon').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const year = (item.issued as { 'date-parts'?: number[][] } | undefined)?.['date-parts']?.[0]?.[0] ?? '';
  return { ...item, id: `${name}${year}` };
}

/** Where an entry's key is written: `@book{key,`, `"id": "key"` or `ID  - key`. */
function keyPosition(text: string, format: Format, key: string): { line: number; column: number } {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern =
    format === 'bibtex' ? new RegExp(`@\\w+\\s*[{(]\\s*${escaped}\\s*,`) : format === 'csljson' ? new RegExp(`"id"\\s*:\\s*"${escaped}"`) : new RegExp(`^ID  - ${escaped}\\s*$`, 'm');
  const at = pattern.exec(text)?.index;
  return at === undefined ? { line: 1, column: 1 } : lineColumn(text, at);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** citation-js says "… at line 5 col 1:" and then quotes the source; JSON.parse says "at position 12". */
function syntaxError(e: unknown, text: string): { line: number; column: number; detail: string } {
  const message = e instanceof Error ? e.message : String(e);
  const firstLine = message.split('\n')[0].replace(/:\s*$/, '');
  const lc = /at line (\d+) col (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]), detail: firstLine.replace(/\s*at line \d+ col \d+/, '') };
  const pos = /at position (\d+)/.exec(message);
  if (pos) return { ...lineColumn(text, Number(pos[1])), detail: firstLine.replace(/\s*(in JSON )?at position \d+.*$/, '') };
  return { line: 1, column: 1, detail: firstLine };
}
