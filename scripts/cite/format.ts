// Citations and the bibliography through citeproc-js, the CSL processor Zotero uses. The processor
// runs once per document (a brief, a pack, a redline side): first-full, short and "Ibid." forms are
// decided by the citations that document itself contains.
import { createRequire } from 'node:module';
import { fromHtml } from 'hast-util-from-html';
import type { ElementContent } from 'hast';
import type { PhrasingContent } from 'mdast';
import type { Bibliography, CslItem } from './bibliography.ts';
import type { Citation, CiteItem } from './syntax.ts';
import { localeFor, type CslNode } from './styles.ts';

const require = createRequire(import.meta.url);

interface CslEngine {
  opt: { xclass: string };
  updateItems(ids: string[]): void;
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
  const sys = { retrieveLocale: (lang: string) => localeFor(lang).node, retrieveItem: (id: string) => items(id) };
  return new (engineModule().Engine)(sys, style, locale.id);
}

export const isNoteStyle = (engine: CslEngine): boolean => engine.opt.xclass === 'note';

const cslItem = (it: CiteItem, suppressAuthor: boolean) => ({
  id: it.key,
  ...(it.prefix ? { prefix: it.prefix } : {}),
  ...(it.suffix ? { suffix: it.suffix } : {}),
  ...(it.locator ? { locator: it.locator, label: it.label } : {}),
  ...(it.suppressAuthor || suppressAuthor ? { 'suppress-author': true } : {}),
});

/**
 * Fills every placeholder. `noteNumber` gives the number of the note holding a citation (null for
 * a note that the document leaves out); citations are processed in note order, as a reader meets them.
 */
export function fillCitations({ engine, citations, bibliography, noteNumber }: { engine: CslEngine; citations: Citation[]; bibliography: Bibliography; noteNumber: (id: string) => number | null }): void {
  const noteStyle = isNoteStyle(engine);
  const placed = citations
    .map((c) => ({ c, note: c.note ? noteNumber(c.note) : 0 }))
    .filter((x): x is { c: Citation; note: number } => x.note !== null)
    .sort((a, b) => a.note - b.note || a.c.order - b.c.order);
  engine.updateItems([...new Set(placed.flatMap(({ c }) => c.items.map((it) => it.key)))].filter((k) => bibliography.has(k)));
  // In its own note, a bare @key cites in full; inline (or in the author's note) the author is already in the sentence.
  const suppress = (c: Citation) => c.inText && !(noteStyle && c.note?.startsWith('@'));
  const input = placed.map(({ c, note }, i) => ({ citationID: `c${i}`, citationItems: c.items.map((it) => cslItem(it, suppress(c))), properties: { noteIndex: note } }));
  const output = engine.rebuildProcessorState(input, 'html');
  const byId = new Map(output.map(([id, , html]) => [id, html]));
  placed.forEach(({ c }, i) => {
    const html = byId.get(`c${i}`) ?? '';
    // Inside the author's own note the citation is part of a sentence the author punctuates.
    c.node.children = htmlToPhrasing(c.note && !c.note.startsWith('@') ? html.replace(/\.(<\/[a-z]+>)*$/, '$1') : html);
    // A note begins with a capital, whatever the prefix: "[see @a]" → "See …".
    if (c.note?.startsWith('@')) capitalise(c.node.children);
    if (c.authorNode) c.authorNode.children = htmlToPhrasing(engine.makeCitationCluster([{ id: c.items[0].key, 'author-only': true }]));
  });
}

function capitalise(nodes: PhrasingContent[]): void {
  const first = nodes[0];
  if (first?.type === 'text') first.value = first.value.charAt(0).toUpperCase() + first.value.slice(1);
  else if (first && 'children' in first) capitalise(first.children as PhrasingContent[]);
}

/** The bibliography entries of the works the document cites (and `nocite`), in the style's order. */
export function bibliographyEntries({ engine, nocite }: { engine: CslEngine; nocite: string[] }): PhrasingContent[][] {
  if (nocite.length) engine.updateUncitedItems(nocite);
  const result = engine.makeBibliography();
  return result ? result[1].map(htmlToPhrasing) : [];
}

/** citeproc's HTML (i, b, span styles, sup) → mdast phrasing; URLs and DOIs become links. */
export function htmlToPhrasing(html: string): PhrasingContent[] {
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
