// The redline of two renderings of the same content (hast): blocks aligned by a diff over their
// texts, words diffed inside changed blocks, table rows matched and changed cells marked, and a
// margin mark (class rl-mark) on every block that changed. Pure: hast in, hast and counts out.
//
// Inline markup survives the word diff: each block is flattened to text in which footnote markers
// and other atoms are single private-use characters, `diffWordsWithSpace` runs on that text, and
// each part is cut back out of the original tree (common and inserted parts from the new side,
// deleted parts from the old one).
import { diffArrays, diffWordsWithSpace } from 'diff';
import type { Element, ElementContent, Properties, RootContent } from 'hast';
import { h } from 'hastscript';
import { sha256 } from '../hash.ts';

export interface RedlineStats {
  wordsInserted: number;
  wordsDeleted: number;
  blocksChanged: number;
  blocksAdded: number;
  blocksRemoved: number;
  cellsChanged: number;
  rowsAdded: number;
  rowsRemoved: number;
}

export const emptyStats = (): RedlineStats => ({ wordsInserted: 0, wordsDeleted: 0, blocksChanged: 0, blocksAdded: 0, blocksRemoved: 0, cellsChanged: 0, rowsAdded: 0, rowsRemoved: 0 });

export function addStats(into: RedlineStats, more: RedlineStats): RedlineStats {
  for (const k of Object.keys(into) as (keyof RedlineStats)[]) into[k] += more[k];
  return into;
}

/** Placeholder characters for atoms (footnote markers, images, line breaks), shared by both sides. */
export class Atoms {
  private readonly chars = new Map<string, string>();
  char(key: string): string {
    let c = this.chars.get(key);
    if (!c) {
      c = String.fromCodePoint(0xe000 + this.chars.size); // the Basic Multilingual Plane's private use area
      this.chars.set(key, c);
    }
    return c;
  }
}

type Node = ElementContent | RootContent;

const hash = (s: string) => sha256(s).slice(0, 16);
const classes = (el: Element): string[] => (Array.isArray(el.properties?.className) ? (el.properties.className as string[]) : typeof el.properties?.className === 'string' ? String(el.properties.className).split(/\s+/) : []);
const hasClass = (el: Element, c: string) => classes(el).includes(c);
const isElement = (n: Node | undefined): n is Element => n?.type === 'element';

/** A footnote marker as the redline shows it: label-keyed, so renumbering is not a change. */
export function footnoteMarker(label: string, number: number, href: string): Element {
  return h('sup.fnref', { dataLabel: label }, [h('a', { href }, String(number))]);
}

/** Key of an atom: a node the word diff treats as one unbreakable character. */
function atomKey(n: Node): string | null {
  if (n.type === 'raw') return `raw:${hash(n.value)}`;
  if (!isElement(n)) return null;
  if (n.tagName === 'sup' && hasClass(n, 'fnref')) return `fn:${String(n.properties?.dataLabel ?? hash(JSON.stringify(n)))}`;
  if (n.tagName === 'br') return 'br';
  // Invisible zeros lining up a table's decimal points change with the column, not with the cell.
  if (n.tagName === 'span' && hasClass(n, 'num-pad')) return 'num-pad';
  if (n.tagName === 'img') return `img:${hash(String(n.properties?.src ?? ''))}`;
  if (n.tagName === 'svg' || n.tagName === 'math') return `${n.tagName}:${hash(JSON.stringify(n))}`;
  return null;
}

/** The diffable text of a node: atoms as one character each. */
export function flatten(n: Node, atoms: Atoms): string {
  const key = atomKey(n);
  if (key) return atoms.char(key);
  if (n.type === 'text') return n.value;
  if (isElement(n)) return n.children.map((c) => flatten(c, atoms)).join('');
  return '';
}

/** A block's identity for alignment: tag, class and text, with structure (so a table row moving counts). */
function signature(n: Node, atoms: Atoms): string {
  if (atomKey(n) || n.type === 'text') return flatten(n, atoms);
  if (!isElement(n)) return '';
  return `<${n.tagName}${classes(n).length ? `.${classes(n).join('.')}` : ''}>${n.children.map((c) => signature(c, atoms)).join('')}</>`;
}

const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}'’.,-]*[\p{L}\p{N}\p{M}])?/gu;
export const countWords = (s: string) => s.match(WORD)?.length ?? 0;

/** The part of `nodes` covering flattened characters [start, end), inline elements kept around their text. */
function slice(nodes: ElementContent[], start: number, end: number, atoms: Atoms): ElementContent[] {
  const out: ElementContent[] = [];
  let pos = 0;
  for (const node of nodes) {
    const len = flatten(node, atoms).length;
    const s = pos;
    const e = (pos += len);
    if (len === 0) {
      if (s >= start && s < end) out.push(node);
      continue;
    }
    if (e <= start) continue;
    if (s >= end) break;
    if (atomKey(node)) {
      if (s >= start && e <= end) out.push(node);
    } else if (node.type === 'text') {
      out.push({ type: 'text', value: node.value.slice(Math.max(0, start - s), Math.min(len, end - s)) });
    } else if (isElement(node)) {
      const kids = slice(node.children, start - s, end - s, atoms);
      if (kids.length) out.push({ ...node, children: kids });
    }
  }
  return out;
}

/** Deleted content keeps no ids: they belong to the new side. */
function stripIds<T extends Node>(n: T): T {
  if (!isElement(n)) return n;
  const { id: _id, ...properties } = n.properties ?? {};
  return { ...n, properties: properties as Properties, children: n.children.map(stripIds) } as T;
}

function withClass(el: Element, ...add: string[]): Element {
  return { ...el, properties: { ...el.properties, className: [...classes(el), ...add.filter((c) => !hasClass(el, c))] } };
}

/**
 * The margin bar (class rl-mark) with the change classes. A list item carries the bar on a wrapper
 * inside it, so its bullet or number stays put; a callout or quote, which has a border of its own,
 * inside a wrapper around it.
 */
function marked(el: Element, ...cls: string[]): Element {
  if (el.tagName === 'li') return withClass({ ...el, children: [h('div.rl-mark.rl-li', el.children)] }, ...cls);
  if (el.tagName === 'aside' || el.tagName === 'blockquote') return h('div.rl-mark.rl-wrap', [withClass(el, ...cls)]);
  return withClass(el, ...cls, 'rl-mark');
}

export interface Redliner {
  atoms: Atoms;
  stats: RedlineStats;
  /** The note under a changed chart, in the document's language (English when not given). */
  chartChanged?: string;
}

type Segment = { common: string } | { del: string; ins: string };

/** The whitespace both strings start (dir 1) or end (dir −1) with. */
function sharedSpace(a: string, b: string, dir: 1 | -1): string {
  let n = 0;
  const at = (s: string, i: number) => (dir === 1 ? s[i] : s[s.length - 1 - i]);
  while (n < a.length && n < b.length && at(a, n) === at(b, n) && /\s/.test(at(a, n))) n++;
  return dir === 1 ? a.slice(0, n) : a.slice(a.length - n);
}

/**
 * jsdiff's word diff, with replacements joined up: "four wells" → "five working wells" reads as
 * four → "five working", not four → five, then "working". Changes separated only by whitespace
 * become one, and whitespace both sides share at either end is moved out of the change.
 */
export function wordDiff(a: string, b: string): Segment[] {
  const parts = diffWordsWithSpace(a, b);
  const out: Segment[] = [];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    if (!p.added && !p.removed) {
      out.push({ common: p.value });
      continue;
    }
    let del = '';
    let ins = '';
    for (; k < parts.length; k++) {
      const q = parts[k];
      if (q.added) ins += q.value;
      else if (q.removed) del += q.value;
      else if (!q.value.trim() && k + 1 < parts.length && (parts[k + 1].added || parts[k + 1].removed)) (del += q.value), (ins += q.value);
      else break;
    }
    k--;
    const lead = del && ins ? sharedSpace(del, ins, 1) : '';
    const trail = del && ins ? sharedSpace(del.slice(lead.length), ins.slice(lead.length), -1) : '';
    if (lead) out.push({ common: lead });
    out.push({ del: del.slice(lead.length, del.length - trail.length), ins: ins.slice(lead.length, ins.length - trail.length) });
    if (trail) out.push({ common: trail });
  }
  return out;
}

/** Word diff of two runs of inline content: common and inserted text from `next`, deleted text from `old`. */
export function diffInline(old: ElementContent[], next: ElementContent[], r: Redliner): { children: ElementContent[]; changed: boolean } {
  const ot = old.map((n) => flatten(n, r.atoms)).join('');
  const nt = next.map((n) => flatten(n, r.atoms)).join('');
  if (ot === nt) return { children: next, changed: false };
  const children: ElementContent[] = [];
  let o = 0;
  let n = 0;
  for (const seg of wordDiff(ot, nt)) {
    if ('common' in seg) {
      children.push(...slice(next, n, n + seg.common.length, r.atoms));
      o += seg.common.length;
      n += seg.common.length;
      continue;
    }
    if (seg.del) {
      if (seg.del.trim()) children.push(h('del', slice(old, o, o + seg.del.length, r.atoms).map(stripIds)));
      r.stats.wordsDeleted += countWords(seg.del);
      o += seg.del.length;
    }
    if (seg.ins) {
      const kids = slice(next, n, n + seg.ins.length, r.atoms);
      if (seg.ins.trim()) children.push(h('ins', kids));
      else children.push(...kids);
      r.stats.wordsInserted += countWords(seg.ins);
      n += seg.ins.length;
    }
  }
  return { children, changed: true };
}

// ---------- blocks ----------

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'div', 'aside', 'section', 'blockquote', 'figure', 'table', 'pre', 'hr', 'dl', 'details']);

type Kind = 'table' | 'chart' | 'container' | 'leaf';

function kind(el: Element): Kind {
  if (el.tagName === 'table') return 'table';
  if (el.tagName === 'figure' && hasClass(el, 'chart')) return 'chart';
  if (['ul', 'ol', 'div', 'aside', 'section', 'blockquote', 'figure', 'dl', 'details'].includes(el.tagName)) return 'container';
  if (el.tagName === 'li' && el.children.some((c) => isElement(c) && BLOCK_TAGS.has(c.tagName))) return 'container';
  return 'leaf';
}

/** Element children of a container; stray text between blocks (newlines) is dropped. */
export const blocksOf = (nodes: Node[]): Element[] => nodes.filter(isElement);

const words = (s: string) => new Set(s.toLowerCase().match(WORD) ?? []);

function similar(a: Element, b: Element, atoms: Atoms): boolean {
  if (a.tagName !== b.tagName || kind(a) !== kind(b) || classes(a)[0] !== classes(b)[0]) return false;
  if (kind(a) === 'chart' || kind(a) === 'table') return true;
  const wa = words(blockText(a, atoms));
  const wb = words(blockText(b, atoms));
  if (!wa.size && !wb.size) return true;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / Math.max(1, Math.min(wa.size, wb.size)) >= 0.5 && common / Math.max(wa.size, wb.size) >= 0.25;
}

/** Align two lists of blocks: unchanged ones as they are, changed pairs redlined, the rest inserted or deleted whole. */
export function diffBlocks(old: Element[], next: Element[], r: Redliner): Element[] {
  const parts = diffArrays(old.map((b) => signature(b, r.atoms)), next.map((b) => signature(b, r.atoms)));
  const out: Element[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    if (!part.added && !part.removed) {
      for (let c = 0; c < part.count!; c++) out.push(next[j++]), i++;
      continue;
    }
    const removed: Element[] = [];
    const added: Element[] = [];
    for (; k < parts.length && (parts[k].added || parts[k].removed); k++) {
      for (let c = 0; c < parts[k].count!; c++) (parts[k].added ? added.push(next[j++]) : removed.push(old[i++]));
    }
    k--;
    out.push(...pairUp(removed, added, r));
  }
  return out;
}

function pairUp(removed: Element[], added: Element[], r: Redliner): Element[] {
  const out: Element[] = [];
  let j = 0;
  for (const rm of removed) {
    let partner = -1;
    for (let t = j; t < added.length; t++) {
      if (similar(rm, added[t], r.atoms)) {
        partner = t;
        break;
      }
    }
    if (partner < 0) {
      out.push(whole(rm, 'del', r));
      continue;
    }
    for (; j < partner; j++) out.push(whole(added[j], 'ins', r));
    out.push(diffPair(rm, added[partner], r));
    j = partner + 1;
  }
  for (; j < added.length; j++) out.push(whole(added[j], 'ins', r));
  return out;
}

function diffPair(old: Element, next: Element, r: Redliner): Element {
  switch (kind(next)) {
    case 'table':
      return diffTable(old, next, r);
    case 'chart': {
      r.stats.blocksChanged++;
      const cap = (el: Element) => blocksOf(el.children).find((c) => c.tagName === 'figcaption');
      const [oc, nc] = [cap(old), cap(next)];
      const caption = oc && nc ? { ...nc, children: diffInline(oc.children, nc.children, r).children } : nc;
      const note = h('p.rl-note-inline', r.chartChanged ?? 'Chart changed: drawn here from the new data and specification.');
      return marked({ ...next, children: next.children.map((c) => (c === nc && caption ? caption : c)).concat(note) }, 'rl-changed');
    }
    case 'container': {
      const children = diffBlocks(blocksOf(old.children), blocksOf(next.children), r);
      const el: Element = { ...next, children };
      // A table's bar goes on its figure: a table cannot carry the margin mark itself.
      return next.tagName === 'figure' && children.some((c) => c.tagName === 'table' && hasClass(c, 'rl-changed')) ? withClass(el, 'rl-mark') : el;
    }
    default: {
      const { children } = diffInline(old.children, next.children, r);
      r.stats.blocksChanged++;
      return marked({ ...next, children }, 'rl-changed');
    }
  }
}

/** A block inserted or deleted as a whole: every leaf's content in <ins>/<del>, the block marked. */
export function whole(el: Element, mark: 'ins' | 'del', r: Redliner, top = true): Element {
  if (top) {
    const n = kind(el) === 'table' ? tableRowsAll(el).reduce((k, tr) => k + cellWords(tr, r.atoms), 0) + countWords(flatten(tableRows(el).caption ?? h('caption'), r.atoms)) : countWords(blockText(el, r.atoms));
    if (mark === 'ins') r.stats.blocksAdded++, (r.stats.wordsInserted += n);
    else r.stats.blocksRemoved++, (r.stats.wordsDeleted += n);
  }
  const base = mark === 'del' ? stripIds(el) : el;
  const cls = mark === 'ins' ? 'rl-added' : 'rl-removed';
  switch (kind(base)) {
    case 'table': {
      const rows = tableRows(base);
      const data = rows.body.filter((tr) => !isGroupRow(tr)).length;
      if (mark === 'ins') r.stats.rowsAdded += data;
      else r.stats.rowsRemoved += data;
      return withClass(rebuildTable(base, rows.caption && wrapAll(rows.caption, mark), rows.head.map((tr) => wrapRow(tr, mark)), rows.body.map((tr) => withClass(wrapRow(tr, mark), `rl-row-${mark === 'ins' ? 'added' : 'removed'}`))), cls);
    }
    case 'chart':
      return marked({ ...base, children: base.children.map((c) => (isElement(c) && c.tagName === 'figcaption' ? wrapAll(c, mark) : c)) }, cls);
    case 'container': {
      const el: Element = { ...base, children: blocksOf(base.children).map((c) => whole(c, mark, r, false)) };
      return top ? marked(el, cls) : withClass(el, cls);
    }
    default:
      return top ? marked(wrapAll(base, mark), cls) : withClass(wrapAll(base, mark), cls);
  }
}

const wrapAll = (el: Element, mark: 'ins' | 'del'): Element => (el.children.length ? { ...el, children: [h(mark, el.children)] } : el);
const wrapRow = (tr: Element, mark: 'ins' | 'del'): Element => ({ ...tr, children: blocksOf(tr.children).map((cell) => wrapAll(cell, mark)) });

// ---------- tables ----------

interface TableRows {
  caption: Element | undefined;
  head: Element[];
  body: Element[];
}

function tableRows(table: Element): TableRows {
  const rows: TableRows = { caption: undefined, head: [], body: [] };
  for (const c of blocksOf(table.children)) {
    if (c.tagName === 'caption') rows.caption = c;
    else if (c.tagName === 'thead') rows.head.push(...blocksOf(c.children).filter((tr) => tr.tagName === 'tr'));
    else if (c.tagName === 'tbody' || c.tagName === 'tfoot') rows.body.push(...blocksOf(c.children).filter((tr) => tr.tagName === 'tr'));
    else if (c.tagName === 'tr') rows.body.push(c);
  }
  return rows;
}

const tableRowsAll = (t: Element) => [...tableRows(t).head, ...tableRows(t).body];

/** Text of a block with a space between its blocks and cells, for counting words. */
function blockText(n: Node, atoms: Atoms): string {
  if (!isElement(n)) return flatten(n, atoms);
  const sep = BLOCK_TAGS.has(n.tagName) || ['tr', 'td', 'th', 'caption', 'figcaption', 'thead', 'tbody'].includes(n.tagName) ? ' ' : '';
  return sep + n.children.map((c) => blockText(c, atoms)).join('') + sep;
}

function rebuildTable(table: Element, caption: Element | undefined, head: Element[], body: Element[]): Element {
  return { ...table, children: [...(caption ? [caption] : []), ...(head.length ? [h('thead', head)] : []), h('tbody', body)] };
}

/** A group heading inside a table body (render/table.ts: tr.group), not a row of data. */
const isGroupRow = (tr: Element) => hasClass(tr, 'group');
const cellWords = (tr: Element, atoms: Atoms) => cellsOf(tr).reduce((n, c) => n + countWords(flatten(c, atoms)), 0);
const cellsOf = (tr: Element) => blocksOf(tr.children).filter((c) => c.tagName === 'td' || c.tagName === 'th');

/** Cell by cell: a changed cell is marked and shows old and new words. */
function diffRow(old: Element, next: Element, r: Redliner): Element {
  const oc = cellsOf(old);
  let changed = false;
  const cells = cellsOf(next).map((cell, i) => {
    const d = diffInline(oc[i]?.children ?? [], cell.children, r);
    if (!d.changed) return cell;
    changed = true;
    r.stats.cellsChanged++;
    return withClass({ ...cell, children: d.children }, 'rl-cell-changed');
  });
  const tr: Element = { ...next, children: cells };
  return changed ? withClass(tr, 'rl-row-changed') : tr;
}

const sameShape = (a: Element, b: Element) => cellsOf(a).length === cellsOf(b).length;
function alike(a: Element, b: Element, atoms: Atoms): boolean {
  const ca = cellsOf(a);
  const cb = cellsOf(b);
  return ca.filter((c, i) => flatten(c, atoms) === flatten(cb[i], atoms)).length * 2 >= ca.length;
}

/** Rows aligned by a diff over their texts; a removed and an added row with the same first cell are one changed row. */
function diffTable(old: Element, next: Element, r: Redliner): Element {
  const o = tableRows(old);
  const n = tableRows(next);
  const rowSig = (tr: Element) => cellsOf(tr).map((c) => `${c.tagName}:${flatten(c, r.atoms)}`).join('\u0001');
  let changed = false;
  const caption = o.caption && n.caption ? diffInline(o.caption.children, n.caption.children, r) : null;
  if (caption?.changed || (!o.caption !== !n.caption)) changed = true;
  const head = n.head.map((tr, i) => {
    const d = o.head[i] ? diffRow(o.head[i], tr, r) : wrapRow(tr, 'ins');
    if (d !== tr) changed = true;
    return d;
  });
  const body: Element[] = [];
  const parts = diffArrays(o.body.map(rowSig), n.body.map(rowSig));
  let i = 0;
  let j = 0;
  for (let k = 0; k < parts.length; k++) {
    if (!parts[k].added && !parts[k].removed) {
      for (let c = 0; c < parts[k].count!; c++) body.push(n.body[j++]), i++;
      continue;
    }
    const removed: Element[] = [];
    const added: Element[] = [];
    for (; k < parts.length && (parts[k].added || parts[k].removed); k++) {
      for (let c = 0; c < parts[k].count!; c++) (parts[k].added ? added.push(n.body[j++]) : removed.push(o.body[i++]));
    }
    k--;
    changed = true;
    const first = (tr: Element) => flatten(cellsOf(tr)[0] ?? h('td'), r.atoms);
    const partnerOf = new Map<Element, Element>();
    const taken = new Set<Element>();
    for (const rm of removed) {
      const p = added.find((a) => !taken.has(a) && first(a) === first(rm) && cellsOf(a).length === cellsOf(rm).length);
      if (p) partnerOf.set(p, rm), taken.add(p);
    }
    // One row out, one in, most cells alike: the same row with its name corrected.
    if (removed.length === 1 && added.length === 1 && !taken.size && sameShape(removed[0], added[0]) && alike(removed[0], added[0], r.atoms)) partnerOf.set(added[0], removed[0]);
    const paired = new Set(partnerOf.values());
    for (const rm of removed) {
      if (paired.has(rm)) continue;
      if (!isGroupRow(rm)) r.stats.rowsRemoved++;
      r.stats.wordsDeleted += cellWords(rm, r.atoms);
      body.push(withClass(wrapRow(stripIds(rm), 'del'), 'rl-row-removed'));
    }
    for (const a of added) {
      const rm = partnerOf.get(a);
      if (rm) body.push(diffRow(rm, a, r));
      else {
        if (!isGroupRow(a)) r.stats.rowsAdded++;
        r.stats.wordsInserted += cellWords(a, r.atoms);
        body.push(withClass(wrapRow(a, 'ins'), 'rl-row-added'));
      }
    }
  }
  const cap = n.caption && caption ? { ...n.caption, children: caption.children } : n.caption ?? (o.caption && wrapAll(stripIds(o.caption), 'del'));
  const table = rebuildTable(next, cap, head, body);
  if (!changed) return next;
  r.stats.blocksChanged++;
  return withClass(table, 'rl-changed');
}
