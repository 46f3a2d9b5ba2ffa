// The redline between two editions, as a document: the chapters, their notes and the datasets of
// two prepared sides compared, with a summary of changes. runs/diff.ts prepares the sides (a
// release from its archived sources/, "draft" from the working tree), prints and writes.
import { wordsFor, type Words } from '../words/index.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import type { Brief, Chapter, Datasets, Numbering } from '../types.ts';
import { mdastToHast } from '../render/hast.ts';
import { styleText } from '../render/document.ts';
import { loadTemplates } from '../render/templates.ts';
import { fontFaceInline, fontFaceLinks, languagesIn } from '../render/fonts.ts';
import { textDirection } from '../render/direction.ts';
import { guardHtml } from '../render/guard.ts';
import { pageCss } from '../render/page.ts';
import { TOOL_VERSION } from '../version.ts';
import { dataChangeLines } from './revision-log.ts';
import { addStats, Atoms, blocksOf, diffBlocks, diffInline, emptyStats, footnoteMarker, whole, type Redliner, type RedlineStats } from './redline.ts';

const CSS = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'redline.css'), 'utf8');

/** One edition as prepared by the pipeline. */
export interface Side {
  version: string; // as asked: "1.0" or "draft"
  label: string; // "edition 1.0, 12 September 2022"
  p: { brief: Brief; chapters: Chapter[]; numbering: Numbering; datasets: Datasets };
}

export interface Redline {
  html: string;
  printHtml: string;
  /** The chapters' redlined elements (the Word redline is made from them). */
  body: Element[];
  chapters: ChapterChange[];
  /** One line each: the editions, totals, data, then one per changed chapter. */
  summary: string[];
}

export interface ChapterChange {
  id: string;
  title: string;
  status: 'unchanged' | 'changed' | 'added' | 'removed';
  stats: RedlineStats;
  notes: { changed: number; added: number; removed: number };
}

/** A chapter as the redline compares it: blocks of hast with label-keyed footnote markers. */
function chapterBlocks(ch: Chapter, brief: Brief, numbering: Numbering): Element[] {
  const root = mdastToHast({ tree: ch.tree, ctx: { brief, numbering, citations: new Map(), words: wordsFor(brief.language) } });
  return blocksOf(root.children as ElementContent[]).map((b) => normalise(b, numbering) as Element);
}

/** Footnote markers keyed by label (numbers shift between editions), page references dropped. */
function normalise(n: ElementContent, numbering: Numbering): ElementContent | null {
  if (n.type !== 'element') return n;
  if (n.tagName === 'sup' && (n.properties?.className as string[] | undefined)?.includes('fnref')) {
    const number = Number((n.children[0] as Element | undefined)?.properties?.dataFn ?? 0);
    const label = numbering.footnoteOrder[number - 1] ?? String(number);
    return footnoteMarker(label, number, `#${noteId(label)}`);
  }
  if (n.tagName === 'span' && (n.properties?.className as string[] | undefined)?.includes('pageref')) return null;
  return { ...n, children: n.children.map((c) => normalise(c, numbering)).filter((c): c is ElementContent => c !== null) };
}

/** The note itself carries the margin bar, not the paragraphs inside it. */
const unmark = (el: Element): Element => ({ ...el, properties: { ...el.properties, className: ((el.properties?.className as string[] | undefined) ?? []).filter((c) => c !== 'rl-mark') } });

const noteId = (label: string) => `rl-note-${label.replace(/[^\w-]+/g, '_')}`;

const touched = (s: RedlineStats) => s.wordsInserted + s.wordsDeleted + s.blocksChanged + s.blocksAdded + s.blocksRemoved + s.cellsChanged + s.rowsAdded + s.rowsRemoved > 0;

interface Note {
  label: string;
  number: number;
  blocks: Element[];
}

function notesOf(ch: Chapter, p: Side['p']): Note[] {
  return p.numbering.footnoteOrder
    .map((label) => p.numbering.footnotes.get(label)!)
    .filter((d) => d.place.file === ch.file)
    .map((d) => {
      const hast = mdastToHast({ tree: { type: 'root', children: d.children }, ctx: { brief: p.brief, numbering: p.numbering, citations: new Map(), words: wordsFor(p.brief.language) } });
      return { label: d.label, number: d.number, blocks: blocksOf(hast.children as ElementContent[]).map((b) => normalise(b, p.numbering) as Element) };
    });
}

function noteElement(note: Note, blocks: Element[], cls: string[], mark?: 'ins' | 'del'): Element {
  const num = h('span.rl-fn-num', mark ? [h(mark, String(note.number))] : String(note.number));
  return h('div', { className: ['rl-note', ...cls], id: mark === 'del' ? undefined : noteId(note.label), dataLabel: note.label }, [num, ...blocks]);
}

/** A chapter's notes, matched by label. */
function diffNotes(old: Note[], next: Note[], r: Redliner): { elements: Element[]; counts: ChapterChange['notes'] } {
  const counts = { changed: 0, added: 0, removed: 0 };
  const before = new Map(old.map((n) => [n.label, n]));
  const after = new Set(next.map((n) => n.label));
  const elements: Element[] = [];
  const wholeNote = (n: Note, mark: 'ins' | 'del') => {
    const local: Redliner = { ...r, stats: emptyStats() };
    const blocks = n.blocks.map((b) => unmark(whole(b, mark, local)));
    r.stats.wordsInserted += local.stats.wordsInserted;
    r.stats.wordsDeleted += local.stats.wordsDeleted;
    return noteElement(n, blocks, [mark === 'ins' ? 'rl-added' : 'rl-removed', 'rl-mark'], mark);
  };
  const gone = (n: Note) => {
    counts.removed++;
    return wholeNote(n, 'del');
  };
  let oi = 0;
  for (const n of next) {
    // Removed notes appear where they stood, before the next note that survives.
    while (oi < old.length && !after.has(old[oi].label)) elements.push(gone(old[oi++]));
    const o = before.get(n.label);
    if (o && old.indexOf(o) >= oi) oi = old.indexOf(o) + 1;
    if (!o) {
      counts.added++;
      elements.push(wholeNote(n, 'ins'));
      continue;
    }
    // A note's words count with its chapter's; its blocks do not: the note is counted as a note.
    const local: Redliner = { ...r, stats: emptyStats() };
    const blocks = diffBlocks(o.blocks, n.blocks, local).map(unmark);
    r.stats.wordsInserted += local.stats.wordsInserted;
    r.stats.wordsDeleted += local.stats.wordsDeleted;
    const changed = touched(local.stats);
    if (changed) counts.changed++;
    elements.push(noteElement(n, blocks, changed ? ['rl-changed', 'rl-mark'] : []));
  }
  while (oi < old.length) if (!after.has(old[oi].label)) elements.push(gone(old[oi++]));
  else oi++;
  return { elements, counts };
}

function diffChapter(old: Chapter | null, next: Chapter | null, sides: [Side, Side], atoms: Atoms): { element: Element; change: ChapterChange } {
  const [a, b] = sides;
  const words = wordsFor(b.p.brief.language);
  const r: Redliner = { atoms, stats: emptyStats(), chartChanged: words.t('redlineChartChanged') };
  const ch = (next ?? old)!;
  const oldBlocks = old ? chapterBlocks(old, a.p.brief, a.p.numbering) : [];
  const newBlocks = next ? chapterBlocks(next, b.p.brief, b.p.numbering) : [];
  const oldNotes = old ? notesOf(old, a.p) : [];
  const newNotes = next ? notesOf(next, b.p) : [];
  let title: ElementContent[] = [{ type: 'text', value: ch.title }];
  let blocks: Element[];
  let status: ChapterChange['status'];
  if (old && next) {
    const t = diffInline([{ type: 'text', value: old.title }], [{ type: 'text', value: next.title }], r);
    title = t.children;
    blocks = diffBlocks(oldBlocks, newBlocks, r);
    status = 'unchanged';
  } else {
    const mark = next ? 'ins' : 'del';
    title = [h(mark, ch.title)];
    blocks = (next ? newBlocks : oldBlocks).map((blk) => whole(blk, mark, r));
    status = next ? 'added' : 'removed';
  }
  const notes = diffNotes(oldNotes, newNotes, r);
  if (status === 'unchanged' && (touched(r.stats) || notes.counts.changed + notes.counts.added + notes.counts.removed > 0)) status = 'changed';
  const badge = status === 'unchanged' ? [] : [h('p.rl-status', words.t(status === 'changed' ? 'redlineChangedBadge' : status === 'added' ? 'redlineNewChapter' : 'redlineChapterRemoved'))];
  const element = h('article', { className: ['chapter', 'rl-chapter', `rl-${status}`], id: status === 'removed' ? `rl-removed-${ch.id}` : ch.id, dataTitle: ch.title }, [
    h('h1', title),
    ...badge,
    ...blocks,
    ...(notes.elements.length ? [h('section.rl-notes', [h('h2', words.t('notes')), ...notes.elements])] : []),
  ]);
  return { element, change: { id: ch.id, title: ch.title, status, stats: r.stats, notes: notes.counts } };
}

/** Chapters matched by id, in the new order; removed ones where they stood. */
function pairChapters(old: Chapter[], next: Chapter[]): [Chapter | null, Chapter | null][] {
  const byId = new Map(old.map((c) => [c.id, c]));
  const kept = new Set(next.map((c) => c.id));
  const out: [Chapter | null, Chapter | null][] = [];
  let oi = 0;
  for (const n of next) {
    while (oi < old.length && !kept.has(old[oi].id)) out.push([old[oi++], null]);
    const o = byId.get(n.id) ?? null;
    if (o && old.indexOf(o) >= oi) oi = old.indexOf(o) + 1;
    out.push([o, n]);
  }
  for (; oi < old.length; oi++) if (!kept.has(old[oi].id)) out.push([old[oi], null]);
  return out;
}

/** What changed in one chapter, after "Title: ". */
function chapterChanges(c: ChapterChange, words: Words): string {
  if (c.status === 'added') return words.t('redlineChapterAdded', { count: c.stats.wordsInserted });
  if (c.status === 'removed') return words.t('redlineChapterDeleted', { count: c.stats.wordsDeleted });
  const s = c.stats;
  const n = c.notes;
  const parts = [
    s.blocksChanged && words.t('redlineBlocksChanged', { count: s.blocksChanged }),
    s.blocksAdded && words.t('redlineBlocksAdded', { count: s.blocksAdded }),
    s.blocksRemoved && words.t('redlineBlocksRemoved', { count: s.blocksRemoved }),
    words.t('redlineWordsChanged', { inserted: s.wordsInserted, deleted: s.wordsDeleted }),
    s.cellsChanged && words.t('redlineCellsChanged', { count: s.cellsChanged }),
    (s.rowsAdded || s.rowsRemoved) && words.t('redlineRows', { added: s.rowsAdded, removed: s.rowsRemoved }),
    n.changed + n.added + n.removed > 0 &&
      words.t('redlineNotes', { list: [n.changed && words.t('redlineNotesChanged', { count: n.changed }), n.added && words.t('redlineNotesAdded', { count: n.added }), n.removed && words.t('redlineNotesRemoved', { count: n.removed })].filter(Boolean).join(', ') }),
  ].filter(Boolean);
  return parts.join('; ');
}

function chapterLine(c: ChapterChange, words: Words): string {
  return `${c.title}: ${chapterChanges(c, words)}`;
}

interface Summary {
  head: string;
  totals: string[];
  data: string[];
  chapters: string[];
}

function summarise(sides: [Side, Side], chapters: ChapterChange[], data: string[], words: Words): Summary {
  const total = chapters.reduce((acc, c) => addStats(acc, c.stats), emptyStats());
  const changed = chapters.filter((c) => c.status !== 'unchanged');
  const notes = chapters.reduce((acc, c) => ({ changed: acc.changed + c.notes.changed, added: acc.added + c.notes.added, removed: acc.removed + c.notes.removed }), { changed: 0, added: 0, removed: 0 });
  return {
    head: words.t('redlineFromTo', { from: sides[0].label, to: sides[1].label }),
    totals: [
      words.t('redlineChaptersChanged', {
        changed: changed.length,
        total: chapters.length,
        list: changed.length ? ` (${changed.map((c) => (c.status === 'changed' ? c.title : `${c.title}, ${words.t(c.status === 'added' ? 'redlineStatusAdded' : 'redlineStatusRemoved')}`)).join('; ')})` : '',
      }),
      words.t('redlineWords', { inserted: total.wordsInserted, deleted: total.wordsDeleted }),
      words.t('redlineFootnotes', { added: notes.added, changed: notes.changed, removed: notes.removed }),
    ],
    data: data.length ? data.map((l) => words.t('redlineData', { line: l })) : [words.t('redlineNoData')],
    chapters: changed.map((c) => chapterLine(c, words)),
  };
}

/** The HTML redline's body: a skip link and one main landmark around it all (the print keeps its flat body for the paginator). */
function readerBody(children: Element[], words: Words): Element[] {
  return [h('a.skip-link', { href: '#bk-content' }, words.t('skipToContent')), h('main', { id: 'bk-content' }, children)];
}

function document({ sides, summary, chapters, body, css, mode }: { sides: [Side, Side]; summary: Summary; chapters: ChapterChange[]; body: Element[]; css: string; mode: 'html' | 'print' }): string {
  const brief = sides[1].p.brief;
  const words = wordsFor(brief.language);
  const title = words.t('redlineTitle', { title: brief.title, from: sides[0].version, to: sides[1].version });
  const perChapter = chapters.map((c) => h('tr', { className: [`rl-${c.status}`] }, [h('th', { scope: 'row' }, h('a', { href: `#${c.status === 'removed' ? `rl-removed-${c.id}` : c.id}` }, c.title)), h('td', c.status === 'unchanged' ? words.t('redlineUnchanged') : chapterChanges(c, words))]));
  const summaryEl = h('section.rl-summary', { id: 'rl-summary', dataTitle: words.t('redlineSummary') }, [
    h('p.rl-kicker', words.t('redlineKicker')),
    h('h1', brief.title),
    h('p.rl-editions', summary.head),
    h('section.rl-totals', { ariaLabel: words.t('redlineSummary') }, [
      h('h2', words.t('redlineSummary')),
      h('ul', [...summary.totals, ...summary.data].map((l) => h('li', l))),
      h('table.rl-chapters', [h('thead', h('tr', [h('th', { scope: 'col' }, words.t('redlineChapter')), h('th', { scope: 'col' }, words.t('redlineChanges'))])), h('tbody', perChapter)]),
      h('p.rl-legend', [`${words.t('redlineKey')} `, h('ins', words.t('redlineInserted')), ', ', h('del', words.t('redlineDeleted')), ', ', h('span.rl-cell-sample', words.t('redlineCell')), `; ${words.t('redlineBar')}`]),
    ]),
  ]);
  const root = h(null, [
    { type: 'doctype' },
    h('html', { lang: brief.language, dir: textDirection(brief.language) === 'rtl' ? 'rtl' : undefined }, [
      h('head', [h('meta', { charset: 'utf-8' }), h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), h('title', title), h('meta', { name: 'generator', content: `briefkit ${TOOL_VERSION}` }), h('style', styleText(css))]),
      h('body', { className: ['brief', mode, 'redline'], dataFootnotes: 'endnotes', dataRunningHeader: title, dataFolio: words.t('folio', { page: '{page}', total: '{total}' }), dataPageref: words.t('pageRef', { page: '{page}' }) }, mode === 'html' ? readerBody([summaryEl, ...body], words) : [summaryEl, ...body]),
    ]),
  ]);
  return toHtml(root, { allowDangerousHtml: true });
}

/** The redline of `sides` (old, new) as the HTML edition, the print HTML and its parts. */
export function redline(sides: [Side, Side]): Redline {
  const [from, to] = [sides[0].version, sides[1].version];
  const atoms = new Atoms();
  const diffs = pairChapters(sides[0].p.chapters, sides[1].p.chapters).map(([o, n]) => diffChapter(o, n, sides, atoms));
  const chapters = diffs.map((d) => d.change);
  const data = dataChangeLines(sides[0].p.datasets, sides[1].p.datasets, sides[1].p.brief.language);
  const summary = summarise(sides, chapters, data, wordsFor(sides[1].p.brief.language));
  const brief = sides[1].p.brief;
  const templates = loadTemplates({ brief });
  const css = (fonts: string, mode: 'html' | 'print') => [fonts, templates.css.brief, mode === 'print' ? templates.css.print : '', pageCss(brief.page), CSS].join('\n');
  const body = diffs.map((d) => d.element);
  const bare = document({ sides, summary, chapters, body, css: css('', 'print'), mode: 'print' });
  const output = `diff-${from}-${to}`;
  const printHtml = guardHtml(document({ sides, summary, chapters, body, css: css(fontFaceLinks(bare, languagesIn(bare)), 'print'), mode: 'print' }), { output: `${output} print HTML`, print: true });
  const html = guardHtml(document({ sides, summary, chapters, body, css: css(fontFaceInline(printHtml.replace(/<[^>]+>/g, ''), languagesIn(bare)), 'html'), mode: 'html' }), { output: `${output}.html` });
  return { html, printHtml, body, chapters, summary: [summary.head, ...summary.totals, ...summary.data, ...summary.chapters] };
}
