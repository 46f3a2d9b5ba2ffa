// The page plan → the DOM: the galley is cut at the planned breaks, once, and its pieces moved into
// `.page` boxes (one per physical page) with a running header, page-bottom notes and "x of y" folio;
// contents entries and page references get their numbers.
import { make, theRange, type Pos } from './dom.ts';
import { structureType } from './marks.ts';
import type { BreakHandle, Galley } from './measure.ts';
import type { Prepared } from './prepare.ts';
import type { Plan } from './types.ts';

interface TableWidths {
  width: number;
  cols: number[];
}

/** What move needs from the galley, read while its layout is still valid. */
export interface Anchors {
  positions: Map<BreakHandle, Pos>;
  tableWidths: Map<HTMLTableElement, TableWidths>;
}

/** Reads the DOM positions of the planned cuts, and the column widths of the tables that split. */
export function anchor(plan: Plan, galley: Galley): Anchors {
  const positions = new Map<BreakHandle, Pos>();
  for (const p of plan.pages) {
    if (p.cut === null) continue;
    const h = galley.units[p.unit].breaks[p.cut];
    positions.set(h, h.pos());
  }
  galley.notes.forEach((note, k) => {
    for (const h of noteCuts(plan, galley, k)) positions.set(h, h.pos());
  });
  // Split tables keep their galley column widths in every fragment.
  const tableWidths = new Map<HTMLTableElement, TableWidths>();
  for (const p of plan.pages) {
    const t = p.cut !== null ? galley.units[p.unit].breaks[p.cut].table : undefined;
    if (t && !tableWidths.has(t)) {
      const widths = columnWidths(t);
      if (widths) tableWidths.set(t, widths);
    }
  }
  return { positions, tableWidths };
}

/** The planned cuts in note `k` of the galley, in page order. */
function noteCuts(plan: Plan, galley: Galley, k: number): BreakHandle[] {
  const { id } = galley.notes[k];
  const cuts: BreakHandle[] = [];
  for (const p of plan.pages) for (const piece of p.notes) if (piece.note === id && piece.to !== null) cuts.push(galley.notes[k].breaks[piece.to]);
  return cuts;
}

/** Widths from the row with the most cells and no column spans; null when every row spans. */
function columnWidths(t: HTMLTableElement): TableWidths | null {
  let model: HTMLTableRowElement | null = null;
  let most = 0;
  for (const row of Array.from(t.rows)) {
    const cells = Array.from(row.cells);
    if (cells.every((c) => c.colSpan === 1) && cells.length > most) {
      model = row;
      most = cells.length;
    }
  }
  if (!model) return null;
  return { width: t.getBoundingClientRect().width, cols: Array.from(model.cells).map((c) => c.getBoundingClientRect().width) };
}

/** Split tables, each with its clones (the fragments after the first). */
type Clones = Map<HTMLTableElement, HTMLTableElement[]>;

/**
 * Cut `root` at the given breaks; returns one fragment per piece, in order, and for each piece after
 * the first the structure types (marks.ts) of the elements it continues, outermost first.
 */
function cutInto(root: HTMLElement, cuts: BreakHandle[], anchors: Anchors, clones: Clones): { frags: Node[]; continues: string[][] } {
  const frags: Node[] = [];
  const continues: string[][] = [];
  const range = theRange();
  for (let i = cuts.length - 1; i >= 0; i--) {
    const p = anchors.positions.get(cuts[i])!;
    const anc: Element[] = [];
    for (let n: Node | null = p.node.nodeType === 1 ? p.node : p.node.parentNode; n && n !== root.parentNode; n = n.parentNode) anc.push(n as Element);
    range.setStart(p.node, p.offset);
    range.setEndAfter(root);
    const frag = range.extractContents();
    let e = frag.firstChild as Element | null;
    for (let k = anc.length - 1; k >= 0 && e; k--) {
      markContinued(e, anc[k], k > 0 && anc[k - 1].tagName === 'LI', clones);
      e = e.firstChild as Element | null;
    }
    for (const x of cuts[i].topChain) x.setAttribute('data-page-top', '');
    for (const a of anc) a.setAttribute('data-split', '');
    showHyphenAtCut(root);
    frags[i + 1] = frag;
    continues[i + 1] = anc.map(structureType).reverse();
  }
  frags[0] = root;
  continues[0] = [];
  return { frags, continues };
}

/**
 * A page cut after a soft hyphen (a word broken at the line end, render/hyphenate.ts) leaves the
 * soft hyphen last in its block, where it would not show: the word would end the page cut off with
 * no hyphen. Make it the hyphen the galley's line showed there.
 */
function showHyphenAtCut(head: Node) {
  let last: Node | null = head;
  while (last && last.lastChild) last = last.lastChild;
  if (last && last.nodeType === 3) {
    const text = last as Text;
    if (text.data.endsWith('\u00ad')) text.data = text.data.slice(0, -1) + '-';
  }
}

/** `e` continues `original` on a later page: a list keeps counting, a table repeats its head. */
function markContinued(e: Element, original: Element, splitItem: boolean, clones: Clones) {
  e.setAttribute('data-continued', '');
  e.removeAttribute('id');
  if (original.tagName === 'OL') {
    const done = Array.from(original.children).filter((x) => x.tagName === 'LI').length;
    (e as HTMLOListElement).start = ((original as HTMLOListElement).start || 1) + done - (splitItem ? 1 : 0);
  }
  if (original.tagName === 'TABLE') {
    const t = original as HTMLTableElement;
    if (t.tHead) {
      const head = t.tHead.cloneNode(true) as HTMLElement;
      head.setAttribute('data-repeated', '');
      e.insertBefore(head, e.firstChild);
    }
    const list = clones.get(t) || [];
    list.push(e as HTMLTableElement);
    clones.set(t, list);
  }
}

/** Content fragment per page (none on notes-only pages), by page index, with what it continues. */
function contentFragments(plan: Plan, galley: Galley, anchors: Anchors, clones: Clones): Map<number, { node: Node; continues: string[] }> {
  const contentOf = new Map<number, { node: Node; continues: string[] }>();
  galley.units.forEach((unit, u) => {
    const own = plan.pages.map((p, i) => ({ p, i })).filter(({ p }) => p.unit === u);
    const cuts = own.filter(({ p }) => p.cut !== null).map(({ p }) => unit.breaks[p.cut!]);
    const { frags, continues } = cutInto(unit.el, cuts, anchors, clones);
    let f = 0;
    for (const { p, i } of own) {
      if (p.end === null && p.kind !== 'cover') continue; // notes-only page
      contentOf.set(i, { node: frags[f], continues: continues[f] });
      f++;
    }
  });
  return contentOf;
}

/** Note fragments, per page, per piece. */
function noteFragments(plan: Plan, galley: Galley, anchors: Anchors, clones: Clones): Node[][] {
  const nodes: Node[][] = plan.pages.map(() => []);
  galley.notes.forEach((note, k) => {
    const { frags } = cutInto(note.el, noteCuts(plan, galley, k), anchors, clones);
    let f = 0;
    plan.pages.forEach((p, i) => p.notes.forEach((piece, j) => piece.note === note.id && (nodes[i][j] = frags[f++])));
  });
  return nodes;
}

/** Every fragment of a split table gets the galley's column widths. */
function fixColumns(anchors: Anchors, clones: Clones) {
  for (const [t, dims] of anchors.tableWidths) {
    for (const table of [t, ...(clones.get(t) || [])]) {
      table.style.tableLayout = 'fixed';
      table.style.width = dims.width + 'px';
      const cg = make('colgroup');
      for (const w of dims.cols) {
        const col = make('col');
        col.style.width = w + 'px';
        cg.append(col);
      }
      const caption = table.querySelector(':scope > caption');
      table.insertBefore(cg, caption ? caption.nextSibling : table.firstChild);
    }
  }
}

interface PageParts {
  number: number;
  total: number;
  cover: boolean;
  landscape: boolean;
  title: string;
  content: Node | undefined;
  notes: Node[];
}

/**
 * The document's words for page furniture, from the body's data attributes (render/document.ts
 * puts the catalogue's there); a page without them (a test's own HTML) reads English.
 */
interface Furniture {
  runningHeader: string;
  draft: string | null;
  watermark: string;
  /** "{page} of {total}" in the document's language. */
  folio: string;
  /** ", p. {page}" in the document's language. */
  pageref: string;
}

function furnitureWords(body: HTMLElement): Furniture {
  const draft = body.getAttribute('data-draft');
  return {
    runningHeader: body.getAttribute('data-running-header') || '',
    draft,
    watermark: body.getAttribute('data-draft-watermark') || 'DRAFT',
    folio: body.getAttribute('data-folio') || '{page} of {total}',
    pageref: body.getAttribute('data-pageref') || ', p.\u00a0{page}',
  };
}

function pageBox(parts: PageParts, words: Furniture): HTMLElement {
  const { runningHeader, draft } = words;
  const page = wrapper('page' + (parts.cover ? ' page-cover' : '') + (parts.landscape ? ' page-landscape' : ''));
  page.setAttribute('data-page', String(parts.number));
  if (!parts.cover) page.append(furniture('page-header', make('span', 'rh-start', runningHeader), make('span', 'rh-end', parts.title)));
  const pb = wrapper('page-body');
  const content = wrapper('page-content');
  if (parts.content) content.append(parts.content);
  pb.append(content);
  if (parts.notes.length) {
    const area = wrapper('page-notes'); // each note in it is a Note of its own (prepare.ts)
    area.append(...parts.notes);
    pb.append(area);
  }
  page.append(pb);
  if (!parts.cover) page.append(furniture('page-footer', make('span', 'folio', words.folio.replace('{page}', String(parts.number)).replace('{total}', String(parts.total)))));
  if (draft) page.append(furniture('page-draft', draft), furniture('page-watermark', words.watermark));
  return page;
}

/**
 * A box of the page layout, not of the document: left out of the accessibility tree (and so of the
 * PDF's structure tree), where a positioned box would otherwise be a meaningless NonStruct.
 */
function wrapper(cls: string): HTMLElement {
  const el = make('div', cls);
  el.setAttribute('role', 'none');
  return el;
}

/** Header, footer and draft marks: seen on paper, not read out (print/tags.ts marks them as artifacts). */
function furniture(cls: string, ...content: (Node | string)[]): HTMLElement {
  const el = make('div', cls);
  el.append(...content);
  el.setAttribute('aria-hidden', 'true');
  return el;
}

/** Contents entries and page references: the page where each id first lands. */
function numberPages(pageEls: HTMLElement[], book: DocumentFragment, pagerefs: HTMLElement[], refWidths: number[], pageref: string) {
  const pageOf = new Map<string, number>();
  pageEls.forEach((page, i) => {
    for (const el of Array.from(page.querySelectorAll('[id]'))) if (!pageOf.has(el.id)) pageOf.set(el.id, i + 1);
  });
  for (const span of Array.from(book.querySelectorAll('.toc-page[data-page-of]'))) {
    const n = pageOf.get(span.getAttribute('data-page-of') || '');
    span.textContent = n ? String(n) : '';
  }
  pagerefs.forEach((r, i) => {
    const n = pageOf.get(r.getAttribute('data-page-of') || '');
    r.style.minWidth = refWidths[i] + 'px';
    r.textContent = n ? pageref.replace('{page}', String(n)) : '';
  });
}

/** Replaces the body's flow with the pages; returns the page boxes. */
export function move(plan: Plan, galley: Galley, anchors: Anchors, prepared: Prepared, refWidths: number[]): HTMLElement[] {
  const body = document.body;
  const clones: Clones = new Map();
  const contentOf = contentFragments(plan, galley, anchors, clones);
  const notesOf = noteFragments(plan, galley, anchors, clones);
  fixColumns(anchors, clones);
  const words = furnitureWords(body);
  const book = document.createDocumentFragment();
  const total = plan.pages.length;
  const pageEls = plan.pages.map((p, i) => {
    const content = contentOf.get(i);
    const parts = { number: i + 1, total, cover: p.kind === 'cover', landscape: !!p.landscape, title: galley.units[p.unit].title, content: content?.node, notes: notesOf[i] };
    const page = book.appendChild(pageBox(parts, words));
    // For print/tags.ts, which joins the parts of what a page break split in the structure tree.
    if (content?.continues.length) page.setAttribute('data-continues', content.continues.join(' '));
    return page;
  });
  numberPages(pageEls, book, prepared.pagerefs, refWidths, words.pageref);
  body.classList.add('bk-paged');
  prepared.probe.remove();
  prepared.notesGalley.remove();
  body.replaceChildren(book, ...prepared.kept);
  return pageEls;
}
