// The galley → plain records (types.ts) for fill, in one batch of reads, plus the DOM handles move
// needs to act on fill's plan: where each break falls in the DOM (resolved only for the breaks
// used: finding a line start is a binary search over character rects).
import { before, isBlockDisplay, lift, outOfFlow, replaced, type Pos } from './dom.ts';
import { lineEdges, lineStart, measureLines } from './lines.ts';
import type { Landscapes } from './landscape.ts';
import type { Prepared } from './prepare.ts';
import type { Break, Measured, NoteRecord, UnitKind, UnitRecord } from './types.ts';

/** The DOM side of a break. */
export interface BreakHandle {
  /** Where to cut; read while the galley layout is still valid. */
  pos: () => Pos;
  /** Elements whose top margin must vanish at the top of the next page. */
  topChain: Element[];
  /** Set on a break between two rows of this table. */
  table?: HTMLTableElement;
}

/** The DOM side of Measured, index for index. */
export interface Galley {
  units: { el: HTMLElement; title: string; breaks: BreakHandle[] }[];
  notes: { id: string; el: HTMLElement; breaks: BreakHandle[] }[];
}

/** Breaks in document order, each record with its handle. */
interface Collector {
  records: Break[];
  handles: BreakHandle[];
}

const collector = (): Collector => ({ records: [], handles: [] });
const add = (out: Collector, record: Break, handle: BreakHandle) => {
  out.records.push(record);
  out.handles.push(handle);
};

export function measure(prepared: Prepared, area: number, landscapes: Landscapes): { measured: Measured; galley: Galley } {
  const { noteEls, notesGalley } = prepared;
  const notesStyle = noteEls.size ? getComputedStyle(notesGalley) : null;
  const notesPad = notesStyle ? parseFloat(notesStyle.paddingTop) + parseFloat(notesStyle.borderTopWidth) : 0;
  const measured: Measured = { area, notesPad, units: [], notes: [] };
  const galley: Galley = { units: [], notes: [] };
  const cited = new Set<string>();
  const indexOf = new Map<HTMLElement, number>();
  const lifted = new Map(landscapes.lifted.map((l) => [l.el, l]));
  for (const u of prepared.units) {
    const cs = getComputedStyle(u);
    if (cs.display === 'none') continue;
    const { record, title, handles } = measureUnit(u, cs, area);
    if (prepared.pageMode) record.refs = noteRefs(u, noteEls, cited);
    const l = lifted.get(u);
    const host = l ? indexOf.get(l.host) : undefined;
    if (l && host !== undefined) record.landscape = { host, anchor: l.anchor.getBoundingClientRect().top, area: landscapes.area };
    indexOf.set(u, measured.units.length);
    measured.units.push(record);
    galley.units.push({ el: u, title, breaks: handles });
  }
  addUncitedNotes(measured.units, noteEls, cited);
  for (const [id, el] of noteEls) {
    const { record, handles } = measureNote(id, el, area);
    measured.notes.push(record);
    galley.notes.push({ id, el, breaks: handles });
  }
  return { measured, galley };
}

function unitKind(u: HTMLElement): UnitKind {
  if (u.classList.contains('cover')) return 'cover';
  if (u.tagName === 'NAV') return 'nav';
  return u.classList.contains('footnotes') ? 'notes' : 'chapter';
}

function measureUnit(u: HTMLElement, cs: CSSStyleDeclaration, area: number) {
  const r = u.getBoundingClientRect();
  const kind = unitKind(u);
  const out = collector();
  add(out, { yStart: r.top, yEnd: r.top, penalty: 'ok' }, { pos: () => before(u), topChain: [] });
  if (kind !== 'cover') walk(u, cs, out, area);
  add(out, { yStart: r.bottom, yEnd: r.bottom, penalty: 'ok', forced: true }, { pos: () => ({ node: u, offset: u.childNodes.length }), topChain: [] });
  const heading = u.querySelector('h1, h2, .toc-heading');
  const title = u.getAttribute('data-title') || u.getAttribute('aria-label') || (heading ? (heading.textContent || '').trim() : '');
  const record: UnitRecord = { kind, breaks: out.records, refs: [] };
  return { record, title, handles: out.handles };
}

/** The unit's references to notes not cited before, by y. */
function noteRefs(u: HTMLElement, noteEls: Map<string, HTMLElement>, cited: Set<string>): UnitRecord['refs'] {
  const refs: UnitRecord['refs'] = [];
  for (const a of Array.from(u.querySelectorAll('[data-fn]'))) {
    const note = a.getAttribute('data-fn') || '';
    if (cited.has(note) || !noteEls.has(note)) continue;
    cited.add(note);
    const rr = a.getBoundingClientRect();
    refs.push({ y: (rr.top + rr.bottom) / 2, note });
  }
  return refs.sort((a, b) => a.y - b.y);
}

/** Notes never cited still print, after the last chapter's last reference. */
function addUncitedNotes(units: UnitRecord[], noteEls: Map<string, HTMLElement>, cited: Set<string>) {
  const lastChapter = [...units].reverse().find((p) => p.kind !== 'cover' && p.kind !== 'nav') || units[units.length - 1];
  if (!lastChapter) return;
  const endY = lastChapter.breaks[lastChapter.breaks.length - 1].yEnd - 0.5;
  for (const note of noteEls.keys()) if (!cited.has(note)) lastChapter.refs.push({ y: endY, note });
}

function measureNote(id: string, el: HTMLElement, area: number) {
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const out = collector();
  walk(el, cs, out, area);
  const record: NoteRecord = { id, top: r.top, bottom: r.bottom, gap: parseFloat(cs.paddingTop), breaks: out.records };
  return { record, handles: out.handles };
}

const keepsWithNext = (el: Element, cs: CSSStyleDeclaration) => cs.breakAfter === 'avoid' || /^H[1-6]$/.test(el.tagName);

/** The element and the first descendants whose top margins collapse through it. */
function topChain(el: Element, cs: CSSStyleDeclaration): Element[] {
  const chain = [el];
  let cur = el;
  let curStyle = cs;
  while (parseFloat(curStyle.paddingTop) === 0 && parseFloat(curStyle.borderTopWidth) === 0 && !/flow-root|flex|grid|table/.test(curStyle.display)) {
    const child = cur.firstElementChild;
    if (!child) break;
    const childStyle = getComputedStyle(child);
    if (!isBlockDisplay(childStyle.display)) break;
    chain.push(child);
    cur = child;
    curStyle = childStyle;
  }
  return chain;
}

/** Breaks between the rows of a table (not its head), which repeats its head on the next page. */
function tableBreaks(table: HTMLTableElement, out: Collector) {
  const rows = Array.from(table.rows).filter((r) => r.parentElement && r.parentElement.tagName !== 'THEAD');
  if (rows.length < 2) return;
  const headHeight = table.tHead ? table.tHead.getBoundingClientRect().height : 0;
  const rects = rows.map((r) => r.getBoundingClientRect());
  const reach = rows.map((r, i) => i + Math.max(1, ...Array.from(r.cells).map((c) => c.rowSpan || 1)) - 1);
  let spanEnd = -1;
  for (let i = 1; i < rows.length; i++) {
    spanEnd = Math.max(spanEnd, reach[i - 1]);
    const prev = rows[i - 1];
    const row = rows[i];
    const keep = prev.classList.contains('group') || getComputedStyle(prev).breakAfter === 'avoid';
    const penalty = spanEnd >= i ? 'never' : keep ? 'keep' : i < 2 || rows.length - i < 2 ? 'widow' : 'ok';
    add(out, { yStart: rects[i].top, yEnd: rects[i - 1].bottom, penalty, repeat: headHeight }, { pos: () => before(row), topChain: [], table });
  }
}

/** A block container being walked: the inline run not yet measured, and the block before it. */
interface Walk {
  el: Element;
  cs: CSSStyleDeclaration;
  out: Collector;
  area: number;
  /** The container holds only inline content: its line boxes fill its content box. */
  onlyInline: boolean;
  run: Node[];
  prevBottom: number | null;
  prevKeep: boolean;
}

/** Break candidates strictly inside a block container, in document order. */
function walk(el: Element, cs: CSSStyleDeclaration, out: Collector, area: number) {
  if (el.tagName === 'TABLE') return tableBreaks(el as HTMLTableElement, out);
  const kids = Array.from(el.childNodes);
  const onlyInline = kids.every((k) => k.nodeType !== 1 || !isBlockDisplay(getComputedStyle(k as Element).display));
  const w: Walk = { el, cs, out, area, onlyInline, run: [], prevBottom: null, prevKeep: false };
  for (const node of kids) {
    if (node.nodeType === 3) {
      w.run.push(node);
      continue;
    }
    if (node.nodeType !== 1) continue;
    const child = node as Element;
    const ccs = getComputedStyle(child);
    if (outOfFlow(ccs)) continue;
    if (!isBlockDisplay(ccs.display) || ccs.float !== 'none') {
      w.run.push(child);
      continue;
    }
    flushRun(w);
    blockBreaks(w, child, ccs);
  }
  flushRun(w);
}

/** Breaks before the inline run and between its lines. */
function flushRun(w: Walk) {
  if (!w.run.length) return;
  const first = w.run[0];
  const lines = measureLines(w.run);
  w.run = [];
  if (!lines.length) return;
  const edges = w.onlyInline ? lineEdges(lines, ...contentBox(w.el, w.cs)) : lineEdges(lines);
  if (w.prevBottom !== null) add(w.out, { yStart: edges[0], yEnd: w.prevBottom, penalty: w.prevKeep ? 'keep' : 'ok' }, { pos: () => before(first), topChain: [] });
  const n = lines.length;
  for (let k = 1; k < n; k++) {
    const line = lines[k];
    const edge = edges[k];
    const pos = () => lift(lineStart(line, edge), w.el);
    add(w.out, { yStart: edge, yEnd: edge, penalty: k < 2 || n - k < 2 ? 'widow' : 'ok' }, { pos, topChain: [] });
  }
  w.prevBottom = edges[n];
  w.prevKeep = false;
}

/** Top and bottom of an element's content box. */
function contentBox(el: Element, cs: CSSStyleDeclaration): [number, number] {
  const r = el.getBoundingClientRect();
  return [r.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop), r.bottom - parseFloat(cs.borderBottomWidth) - parseFloat(cs.paddingBottom)];
}

/** The break before a block child, then the breaks inside it unless it cannot break. */
function blockBreaks(w: Walk, child: Element, ccs: CSSStyleDeclaration) {
  const r = child.getBoundingClientRect();
  if (w.prevBottom !== null) {
    const penalty = w.prevKeep || ccs.breakBefore === 'avoid' ? 'keep' : 'ok';
    const record: Break = { yStart: r.top, yEnd: w.prevBottom, penalty };
    if (ccs.breakBefore === 'page' || ccs.breakBefore === 'always') record.forced = true;
    add(w.out, record, { pos: () => before(child), topChain: topChain(child, ccs) });
  }
  const unbreakable =
    replaced.has(child.tagName) || /flex|grid/.test(ccs.display) || (ccs.breakInside.startsWith('avoid') && r.height <= w.area) || /^H[1-6]$/.test(child.tagName);
  if (!unbreakable) walk(child, ccs, w.out, w.area);
  w.prevBottom = r.bottom;
  w.prevKeep = keepsWithNext(child, ccs);
}
