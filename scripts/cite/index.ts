// cite/ stage: between data binding and numbering. Loads the bibliography and style once per run
// (loadCitations), then per document (brief, pack, dev preview, redline side) marks the citations,
// numbers them with the author's notes, and formats them and the bibliography (citeAndNumber).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import type { Parent, PhrasingContent, RootContent } from 'mdast';
import type { Reporter } from '../messages.ts';
import type { Brief, Chapter, CitationSpec, Numbering, Place } from '../types.ts';
import { numberAll } from '../number/index.ts';
import { wordsFor } from '../words/index.ts';
import { loadBibliography, type Bibliography } from './bibliography.ts';
import { createEngine, fillCitations, formatCitations, type Placed } from './format.ts';
import { bundledStyleCached, styleNames, type CslNode } from './styles.ts';
import { markCitations, type Citation } from './syntax.ts';

export interface CiteContext {
  spec: CitationSpec;
  bibliography: Bibliography;
  style: CslNode | string;
  noteStyle: boolean;
  language: string;
  cacheDir: string;
}

/** The bibliography and style of a brief that names one; null for a brief without citations or with errors. */
export async function loadCitations({ brief, reporter, cacheDir }: { brief: Brief; reporter: Reporter; cacheDir: string }): Promise<CiteContext | null> {
  const spec = brief.citations;
  if (!spec) return null;
  const before = reporter.errors.length;
  const [bibliography, style] = await Promise.all([loadBibliography({ root: brief.root, spec, reporter, cacheDir }), loadStyle({ root: brief.root, spec, reporter, cacheDir })]);
  if (!style || reporter.errors.length > before) return null;
  const noteStyle = typeof style === 'string' ? /<style\b[^>]*\bclass\s*=\s*["']note["']/.test(style) : style.attrs.class === 'note';
  return { spec, bibliography, style, noteStyle, language: brief.language, cacheDir };
}

async function loadStyle({ root, spec, reporter, cacheDir }: { root: string; spec: CitationSpec; reporter: Reporter; cacheDir: string }): Promise<CslNode | string | null> {
  if ('name' in spec.style) {
    const found = bundledStyleCached(spec.style.name, cacheDir);
    if (!found) reporter.report(spec.style.place, 'csl-style-unknown', { name: spec.style.name, closest: closest(spec.style.name, styleNames()).join(', ') });
    return found;
  }
  const file = spec.style.file;
  const xml = await readFile(path.join(root, file), 'utf8');
  const at: Place = { file, line: 1, column: 1 };
  const rootTag = /<([\w:-]+)[\s>]/.exec(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, ''));
  if (!rootTag || rootTag[1] !== 'style' || !/xmlns\s*=\s*["']http:\/\/purl\.org\/net\/xbiblio\/csl["']/.test(xml)) {
    reporter.report(at, 'csl-invalid', { path: file, detail: rootTag ? `its root element is <${rootTag[1]}>, not a CSL <style>` : 'it holds no XML element' });
    return null;
  }
  try {
    createEngine({ style: xml, language: 'en-US', items: () => undefined });
  } catch (e) {
    reporter.report(at, 'csl-invalid', { path: file, detail: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
    return null;
  }
  return xml;
}

/** Up to three names nearest to a mistyped one. */
export function closest(name: string, names: Iterable<string>): string[] {
  return [...names]
    .map((n) => ({ n, d: distance(name.toLowerCase(), n.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(3, Math.floor(name.length / 2)))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, 3)
    .map((x) => x.n);
}

export function bibliographyTitle(spec: CitationSpec, language: string): string | null {
  if (spec.title === false) return null;
  return spec.title ?? wordsFor(language).t('bibliography');
}

/**
 * Numbers a document's notes with its citations among them. Without a bibliography this is
 * numberAll; with one, the chapters are copied (the callers' trees stay as they were, so a pack or
 * the next dev rebuild starts from the source again), citations are marked, numbered, formatted,
 * and a bibliography chapter of the works this document cites is added at the end.
 */
export function citeAndNumber({ cite, chapters, reporter, checkUnused = false, language = 'en' }: { cite: CiteContext | null; chapters: Chapter[]; reporter: Reporter; checkUnused?: boolean; language?: string }): { chapters: Chapter[]; numbering: Numbering } {
  if (!cite) return { chapters, numbering: numberAll({ chapters, reporter, language }) };
  const { bibliography, spec } = cite;
  const copies = chapters.map((ch) => ({ ...ch, tree: structuredClone(ch.tree) }));
  const labels = new Map<string, number>();
  const counter = { order: 0 };
  const citations: Citation[] = copies.flatMap((ch) =>
    markCitations({ file: ch.file, tree: ch.tree, noteStyle: cite.noteStyle, known: (k) => bibliography.has(k), labels, counter, onHeading: (place) => reporter.report(place, 'heading-footnote') }),
  );
  checkKeys({ cite, citations, reporter, checkUnused });

  const title = bibliographyTitle(spec, cite.language);
  const ids = new Set(copies.map((c) => c.id));
  const listing: Chapter | null = title ? { file: spec.files[0]?.path ?? '', source: '', frontMatter: {}, id: ids.has('bibliography') ? 'works-cited' : 'bibliography', title, tree: { type: 'root', children: [] } } : null;
  const all = listing ? [...copies, listing] : copies;
  const numbering = numberAll({ chapters: all, reporter, language });
  if (reporter.hasErrors) return { chapters: all, numbering };

  const noteNumber = (id: string) => numbering.footnotes.get(id)?.number ?? null;
  const placed = citations
    .map((c) => ({ c, note: c.note ? noteNumber(c.note) : 0 }))
    .filter((x): x is Placed => x.note !== null)
    .sort((a, b) => a.note - b.note || a.c.order - b.c.order);
  const nocite = spec.nocite.includes('*') ? [...bibliography.keys()] : spec.nocite.filter((k) => bibliography.has(k));
  const formatted = formatCitations({ style: cite.style, noteStyle: cite.noteStyle, language: cite.language, bibliography, placed, nocite, cacheDir: cite.cacheDir });
  fillCitations(placed, formatted);
  for (const ch of copies) unwrapCitations(ch.tree);
  if (listing) {
    listing.tree.children = formatted.phrasing.bibliography.map((children): RootContent => ({ type: 'paragraph', children, data: { hProperties: { className: ['csl-entry'] } } }));
  }
  return { chapters: all, numbering };
}

function checkKeys({ cite, citations, reporter, checkUnused }: { cite: CiteContext; citations: Citation[]; reporter: Reporter; checkUnused: boolean }): void {
  const { bibliography, spec } = cite;
  const files = spec.files.map((f) => f.path).join(', ');
  const cited = new Set<string>();
  for (const c of citations) {
    c.items.forEach((it, i) => {
      cited.add(it.key);
      if (!bibliography.has(it.key)) reporter.report(c.places[i], 'cite-unknown', { key: it.key, files, closest: closest(it.key, bibliography.keys()).map((k) => `@${k}`).join(', ') });
    });
  }
  for (const key of spec.nocite) {
    if (key !== '*' && !bibliography.has(key)) reporter.report(spec.nocitePlace, 'cite-unknown', { key, files, closest: closest(key, bibliography.keys()).map((k) => `@${k}`).join(', ') });
  }
  if (!checkUnused || spec.nocite.includes('*')) return;
  for (const [key, entry] of bibliography) {
    if (!cited.has(key) && !spec.nocite.includes(key)) reporter.report(entry.place, 'cite-unused', { key });
  }
}

/**
 * Each filled placeholder gives way to its formatted text. Inside the author's own note a citation
 * is part of the author's sentence: when the author's punctuation follows, the style's final period
 * gives way to it (a period inside closing quotes stays, and the author's then goes).
 */
function unwrapCitations(parent: Parent): void {
  for (let i = 0; i < parent.children.length; i++) {
    const node = parent.children[i] as Parent & { type: string; data?: { inAuthorNote?: boolean } };
    if (node.type !== 'citation') {
      if ('children' in node) unwrapCitations(node);
      continue;
    }
    const next = parent.children[i + 1];
    if (node.data?.inAuthorNote && next?.type === 'text' && /^[.,;:]/.test(next.value)) joinPunctuation(node.children as PhrasingContent[], next);
    parent.children.splice(i, 1, ...(node.children as never[]));
    i += node.children.length - 1;
  }
}

function joinPunctuation(cited: PhrasingContent[], next: { value: string }): void {
  const last = lastText(cited);
  if (!last) return;
  if (/\.[”’"']$/.test(last.value)) {
    // American punctuation: a period or comma goes inside the closing quote, a semicolon or colon outside.
    if (next.value.startsWith('.')) next.value = next.value.slice(1);
    else if (next.value.startsWith(',')) {
      last.value = last.value.replace(/\.([”’"'])$/, ',$1');
      next.value = next.value.slice(1);
    } else last.value = last.value.replace(/\.([”’"'])$/, '$1');
  } else if (last.value.endsWith('.')) last.value = last.value.slice(0, -1);
}

function lastText(nodes: PhrasingContent[]): { value: string } | null {
  const last = nodes[nodes.length - 1];
  if (!last) return null;
  if (last.type === 'text') return last;
  return 'children' in last ? lastText(last.children as PhrasingContent[]) : null;
}
