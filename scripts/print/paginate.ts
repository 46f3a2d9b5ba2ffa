// Browser-side paginator. `paginate` runs inside the page (serialised by page.evaluate), so it
// must stay self-contained: plain DOM, no imports, every helper nested inside it.
//
// It lays the document out once as a galley at the width of the content area, measures blocks,
// line boxes, footnote references and footnote heights in one batch, fills pages greedily in pure
// JS, and only then moves the content into explicit `.page` boxes (one per physical page) with a
// running header, page-bottom notes and "x of y" folio. Chromium then prints one box per page.

export interface PaginateResult {
  pages: number;
  /** ms: prepare (DOM set-up, first layout, fonts), measure (with fitting wide tables and tall rows), layout (page filling), fill (moving content, numbers), check (anything off a page). */
  timings: { prepare: number; measure: number; layout: number; fill: number; check: number };
  /** Content that could not be made to fit its page, with the source place of the block (data-src), if known. */
  overflow: Overflow[];
  /** Page-bottom notes placed (0 in endnotes mode). */
  notes: number;
}

export interface Overflow {
  /** 1-based page. */
  page: number;
  /** `file:line:col` of the block, from the nearest data-src; null when no block carries one. */
  src: string | null;
  /** tall: cut off at the foot of the page; wide: runs off its side. */
  kind: 'tall' | 'wide';
}

export async function paginate(): Promise<PaginateResult> {
  // ---------- types (erased) ----------
  interface Pos { node: Node; offset: number }
  interface Cand {
    yStart: number; // where the next page's content starts if we break here
    yEnd: number; // where this page's content ends if we break here
    over: number; // extra height at the top of the next page (a repeated table header)
    bad: number; // 0 good, 1 orphan/widow, 2 keep-with-next, 3 never (inside a row span)
    forced: boolean;
    pos: () => Pos;
    topChain: Element[]; // elements whose top margin must vanish at the top of the next page
    table?: HTMLTableElement;
  }
  interface Line { top: number; bottom: number; text?: Text; rectIndex: number; el?: Element }
  interface Note { n: string; el: HTMLElement; top: number; bottom: number; gap: number; cands: Cand[]; minH: number }
  interface Piece { note: Note; from: Cand | null; to: Cand | null }
  interface PagePlan { unit: HTMLElement; end: Cand | null; cut: Cand | null; pieces: Piece[]; overflow: boolean; kind: string }

  const t0 = performance.now();
  const doc = document;
  const body = doc.body;
  const pageMode = body.getAttribute('data-footnotes') !== 'endnotes';
  const EPS = 1; // px of slack against rounding of line-box estimates

  // ---------- prepare: all DOM writes before the one measuring layout ----------
  const rootStyle = getComputedStyle(doc.documentElement);
  const cssVar = (name: string, fallback: string) => rootStyle.getPropertyValue(name).trim() || fallback;
  const pageStyle = doc.createElement('style');
  // @page cannot read custom properties, so the size is written in here.
  pageStyle.textContent = `@page { size: ${cssVar('--page-width', '210mm')} ${cssVar('--page-height', '297mm')}; margin: 0 }`;
  doc.head.appendChild(pageStyle);

  const nonFlow = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'LINK', 'META', 'NOSCRIPT', 'BASE']);
  const kept: Element[] = [];
  let units: HTMLElement[] = [];
  // Flow units are the body's children; a <main> (or other bare wrapper) is looked through.
  const collect = (parent: Element) => {
    for (const el of Array.from(parent.children)) {
      if (nonFlow.has(el.tagName)) kept.push(el);
      else if (el.tagName === 'MAIN' || (el.tagName === 'DIV' && !el.className && !el.id)) collect(el);
      else units.push(el as HTMLElement);
    }
  };
  collect(body);

  // Cover, contents and list-of-figures headings stay out of the PDF outline (Chromium builds it from
  // the accessibility tree's headings); the endnotes heading becomes a top-level entry.
  for (const h of Array.from(body.querySelectorAll('section.cover :is(h1,h2,h3,h4,h5,h6), nav.toc > :is(h1,h2,h3), nav.lof > :is(h1,h2,h3)'))) {
    h.setAttribute('role', 'presentation');
  }

  const make = (tag: string, cls?: string, text?: string) => {
    const el = doc.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  };

  const endnotes = body.querySelector('section.footnotes') as HTMLElement | null;
  const notesGalley = make('div', 'page-notes bk-notes-galley');
  const noteEls = new Map<string, HTMLElement>();
  if (pageMode && endnotes) {
    for (const li of Array.from(endnotes.querySelectorAll('li[data-fn]'))) {
      const n = li.getAttribute('data-fn') || '';
      const fn = make('div', 'fn');
      fn.setAttribute('data-fn', n);
      if (li.id) fn.id = li.id;
      for (const a of Array.from(li.querySelectorAll('a.fnback'))) a.remove();
      const blocks = Array.from(li.childNodes);
      if (!blocks.some((c) => c.nodeType === 1 && (c as Element).tagName === 'P')) {
        const p = make('p');
        p.append(...blocks);
        fn.append(p);
      } else fn.append(...blocks);
      // "N  text": the number in the hanging indent of the first paragraph
      const firstP = fn.querySelector('p');
      if (firstP) firstP.prepend(make('span', 'fn-num', n));
      notesGalley.append(fn);
      noteEls.set(n, fn);
    }
    endnotes.remove();
    units = units.filter((u) => u !== endnotes);
  } else if (endnotes) {
    const h = endnotes.querySelector(':scope > h2');
    if (h) h.setAttribute('aria-level', '1');
  }
  if (noteEls.size) body.append(notesGalley);
  for (const u of units) u.setAttribute('data-unit', '');

  const probe = make('div', 'page bk-probe');
  const probeBody = make('div', 'page-body');
  probeBody.append(make('div', 'page-content'));
  probe.append(make('div', 'page-header', 'Probe'), probeBody, make('div', 'page-footer', '1 of 1'));
  body.append(probe);

  body.getBoundingClientRect(); // lay out now so the fonts the notes and furniture need start loading
  await doc.fonts.ready;

  // Page references get a placeholder as wide as their future number (digits estimated from the
  // galley), and keep at least that width, so filling them in cannot re-break a line.
  const pagerefs = Array.from(body.querySelectorAll('.pageref[data-page-of]')) as HTMLElement[];
  if (pagerefs.length) {
    const perPage = probeBody.getBoundingClientRect().height * 0.9;
    const firstPage = new Map<HTMLElement, number>();
    let next = 1;
    for (const u of units) {
      const r = u.getBoundingClientRect();
      firstPage.set(u, next);
      next += u.classList.contains('cover') ? 1 : Math.max(1, Math.ceil(r.height / perPage));
    }
    const guesses = pagerefs.map((ref) => {
      const target = doc.getElementById(ref.getAttribute('data-page-of') || '');
      const unit = target ? units.find((u) => u.contains(target)) : undefined;
      if (!target || !unit) return 1;
      return firstPage.get(unit)! + Math.floor((target.getBoundingClientRect().top - unit.getBoundingClientRect().top) / perPage);
    });
    pagerefs.forEach((ref, i) => (ref.textContent = ', p.\u00a0' + '0'.repeat(String(guesses[i]).length)));
  }
  // An inline-block may start a new line; glue each page reference to the word before it.
  for (const ref of pagerefs) {
    const prev = ref.previousSibling;
    const glue = make('span');
    glue.style.whiteSpace = 'nowrap';
    if (prev && prev.nodeType === 1) {
      ref.before(glue);
      glue.append(prev, ref);
    } else if (prev && prev.nodeType === 3) {
      const t = prev as Text;
      const word = /\S+$/.exec(t.data);
      if (!word) continue;
      const tail = t.splitText(word.index);
      ref.before(glue);
      glue.append(tail, ref);
    }
  }

  // ---------- measure ----------
  const tPrep = performance.now();
  const A = probeBody.getBoundingClientRect().height - EPS;
  const notesStyle = noteEls.size ? getComputedStyle(notesGalley) : null;
  const notesPad = notesStyle ? parseFloat(notesStyle.paddingTop) + parseFloat(notesStyle.borderTopWidth) : 0;
  const refWidths = pagerefs.map((r) => r.getBoundingClientRect().width);
  const range = doc.createRange();

  const indexOf = (n: Node) => Array.prototype.indexOf.call(n.parentNode!.childNodes, n) as number;
  const before = (n: Node): Pos => ({ node: n.parentNode!, offset: indexOf(n) });
  const isBlockDisplay = (d: string) => !(d.startsWith('inline') || d === 'contents' || d === 'none' || d.startsWith('ruby'));
  const atomicInline = (d: string) => d !== 'inline' && d !== 'contents';
  const replaced = new Set(['IMG', 'SVG', 'svg', 'VIDEO', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'MATH', 'math']);
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

  /** Line boxes of a run of inline content, from the rects of its text and atomic inline boxes. */
  function measureLines(run: Node[]): Line[] {
    const items: Line[] = [];
    const addText = (t: Text) => {
      if (!t.data.trim()) return;
      range.selectNodeContents(t);
      const rects = range.getClientRects();
      for (let i = 0; i < rects.length; i++) {
        const r = rects[i];
        if (r.height > 0) items.push({ top: r.top, bottom: r.bottom, text: t, rectIndex: i });
      }
    };
    const visit = (n: Node) => {
      if (n.nodeType === 3) return addText(n as Text);
      if (n.nodeType !== 1) return;
      const el = n as Element;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.position === 'absolute' || cs.position === 'fixed') return;
      if (replaced.has(el.tagName) || atomicInline(cs.display)) {
        const r = el.getBoundingClientRect();
        if (r.height > 0) items.push({ top: r.top, bottom: r.bottom, el, rectIndex: 0 });
        return;
      }
      for (const c of Array.from(el.childNodes)) visit(c);
    };
    for (const n of run) visit(n);
    const lines: Line[] = [];
    for (const it of items) {
      const cur = lines[lines.length - 1];
      // A new line starts when a box sits clearly lower than the current one (superscripts overlap it).
      if (cur && !(it.top > cur.top + 0.5 * (cur.bottom - cur.top) && it.bottom > cur.bottom + 0.5)) {
        cur.top = Math.min(cur.top, it.top);
        cur.bottom = Math.max(cur.bottom, it.bottom);
      } else lines.push({ ...it });
    }
    return lines;
  }

  /** y of the n+1 line-box edges; exact when the run fills a block with uniform lines. */
  function lineEdges(lines: Line[], boxTop?: number, boxBottom?: number): number[] {
    const n = lines.length;
    const mids: number[] = [];
    for (let k = 1; k < n; k++) mids.push((lines[k - 1].bottom + lines[k].top) / 2);
    if (boxTop !== undefined && boxBottom !== undefined) {
      const L = (boxBottom - boxTop) / n;
      if (mids.every((m, i) => Math.abs(m - (boxTop + (i + 1) * L)) < L * 0.25)) {
        return Array.from({ length: n + 1 }, (_, k) => boxTop + k * L);
      }
      return [boxTop, ...mids, boxBottom];
    }
    const half = n > 1 ? Math.max(0, (lines[1].top - lines[0].bottom) / 2) : 0;
    return [lines[0].top - half, ...mids, lines[n - 1].bottom + half];
  }

  /** DOM position of the first character of a line (binary search over character rects). */
  function lineStart(line: Line, edge: number): Pos {
    if (line.el) return before(line.el);
    const t = line.text!;
    let pos: Pos;
    if (line.rectIndex === 0) pos = { node: t, offset: 0 };
    else {
      const onOrAfter = (o: number) => {
        for (let i = o; i < t.length; i++) {
          range.setStart(t, i);
          range.setEnd(t, i + 1);
          const r = range.getBoundingClientRect();
          if (r.height > 0 && r.width > 0) return (r.top + r.bottom) / 2 > edge;
        }
        return true;
      };
      let lo = 0;
      let hi = t.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (onOrAfter(mid)) hi = mid;
        else lo = mid + 1;
      }
      pos = { node: t, offset: lo };
    }
    return pos;
  }

  function lift(p: Pos, stop: Node): Pos {
    while (p.offset === 0 && p.node !== stop && p.node.parentNode) p = before(p.node);
    return p;
  }

  function tableCands(table: HTMLTableElement, out: Cand[]) {
    const rows = Array.from(table.rows).filter((r) => r.parentElement && r.parentElement.tagName !== 'THEAD');
    if (rows.length < 2) return;
    const head = table.tHead;
    const headH = head ? head.getBoundingClientRect().height : 0;
    const rects = rows.map((r) => r.getBoundingClientRect());
    const reach = rows.map((r, i) => i + Math.max(1, ...Array.from(r.cells).map((c) => c.rowSpan || 1)) - 1);
    let spanEnd = -1;
    for (let i = 1; i < rows.length; i++) {
      spanEnd = Math.max(spanEnd, reach[i - 1]);
      const prev = rows[i - 1];
      const row = rows[i];
      const keep = prev.classList.contains('group') || getComputedStyle(prev).breakAfter === 'avoid';
      out.push({
        yStart: rects[i].top,
        yEnd: rects[i - 1].bottom,
        over: headH,
        bad: spanEnd >= i ? 3 : keep ? 2 : i < 2 || rows.length - i < 2 ? 1 : 0,
        forced: false,
        pos: () => before(row),
        topChain: [],
        table,
      });
    }
  }

  /** Break candidates strictly inside a block container, in document order. */
  function walk(el: Element, cs: CSSStyleDeclaration, out: Cand[]) {
    if (el.tagName === 'TABLE') return tableCands(el as HTMLTableElement, out);
    let prevBottom: number | null = null;
    let prevKeep = false;
    let run: Node[] = [];
    const kids = Array.from(el.childNodes);
    const onlyInline = kids.every((k) => k.nodeType !== 1 || !isBlockDisplay(getComputedStyle(k as Element).display));
    const flush = () => {
      if (!run.length) return;
      const first = run[0];
      const lines = measureLines(run);
      run = [];
      if (!lines.length) return;
      let edges: number[];
      if (onlyInline) {
        const r = el.getBoundingClientRect();
        edges = lineEdges(
          lines,
          r.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop),
          r.bottom - parseFloat(cs.borderBottomWidth) - parseFloat(cs.paddingBottom),
        );
      } else edges = lineEdges(lines);
      if (prevBottom !== null) {
        out.push({ yStart: edges[0], yEnd: prevBottom, over: 0, bad: prevKeep ? 2 : 0, forced: false, pos: () => before(first), topChain: [] });
      }
      const n = lines.length;
      for (let k = 1; k < n; k++) {
        const line = lines[k];
        const edge = edges[k];
        out.push({
          yStart: edge,
          yEnd: edge,
          over: 0,
          bad: k < 2 || n - k < 2 ? 1 : 0,
          forced: false,
          pos: () => lift(lineStart(line, edge), el),
          topChain: [],
        });
      }
      prevBottom = edges[n];
      prevKeep = false;
    };
    for (const node of kids) {
      if (node.nodeType === 3) {
        run.push(node);
        continue;
      }
      if (node.nodeType !== 1) continue;
      const child = node as Element;
      const ccs = getComputedStyle(child);
      if (ccs.display === 'none' || ccs.position === 'absolute' || ccs.position === 'fixed') continue;
      if (!isBlockDisplay(ccs.display) || ccs.float !== 'none') {
        run.push(child);
        continue;
      }
      flush();
      const r = child.getBoundingClientRect();
      if (prevBottom !== null) {
        out.push({
          yStart: r.top,
          yEnd: prevBottom,
          over: 0,
          bad: prevKeep || ccs.breakBefore === 'avoid' ? 2 : 0,
          forced: ccs.breakBefore === 'page' || ccs.breakBefore === 'always',
          pos: () => before(child),
          topChain: topChain(child, ccs),
        });
      }
      const unbreakable =
        replaced.has(child.tagName) || /flex|grid/.test(ccs.display) || (ccs.breakInside.startsWith('avoid') && r.height <= A) || /^H[1-6]$/.test(child.tagName);
      if (!unbreakable) walk(child, ccs, out);
      prevBottom = r.bottom;
      prevKeep = keepsWithNext(child, ccs);
    }
    flush();
  }

  // ---------- make it fit: tables wider than their column, rows taller than a page ----------
  const MIN_TABLE_SCALE = 0.6; // type below 60 % of its size is no longer readable on paper
  /** Width of the content box of the table's container. */
  function roomFor(el: Element): number {
    const parent = el.parentElement!;
    const ps = getComputedStyle(parent);
    return parent.getBoundingClientRect().width - parseFloat(ps.paddingLeft) - parseFloat(ps.paddingRight) - parseFloat(ps.borderLeftWidth) - parseFloat(ps.borderRightWidth);
  }
  /** A wide table shrinks its type (to 60 % at least), then breaks its cells' words anywhere. */
  function fitWideTables() {
    const tables = Array.from(body.querySelectorAll('table')) as HTMLTableElement[];
    const wide = tables.filter((t) => t.getBoundingClientRect().width > roomFor(t) + 0.5);
    for (const t of wide) {
      const size = parseFloat(getComputedStyle(t).fontSize);
      let scale = 1;
      for (let i = 0; i < 4 && scale > MIN_TABLE_SCALE; i++) {
        const over = t.getBoundingClientRect().width / roomFor(t);
        if (over <= 1.002) break;
        scale = Math.max(MIN_TABLE_SCALE, (scale / over) * 0.98);
        t.style.fontSize = `${size * scale}px`;
      }
      if (t.getBoundingClientRect().width > roomFor(t) + 0.5) t.classList.add('bk-break-anywhere');
    }
  }
  /**
   * A row taller than a page cannot move to the next page whole: it becomes several rows, each cell
   * cut at a line start, so every word prints. Tables with row spans are left alone (reported if cut).
   */
  function splitTallRows() {
    for (const t of Array.from(body.querySelectorAll('table')) as HTMLTableElement[]) {
      const rows = Array.from(t.rows);
      if (rows.some((r) => Array.from(r.cells).some((c) => c.rowSpan > 1))) continue;
      const room = A - (t.tHead ? t.tHead.getBoundingClientRect().height : 0) - (t.caption ? t.caption.getBoundingClientRect().height : 0);
      for (const row of rows) {
        if (row.parentElement && row.parentElement.tagName === 'THEAD') continue;
        if (row.getBoundingClientRect().height > room) splitRow(row, room * 0.8);
      }
    }
  }
  function splitRow(row: HTMLTableRowElement, chunk: number) {
    const r = row.getBoundingClientRect();
    const cells = Array.from(row.cells);
    const cellLines = cells.map((c) => measureLines(Array.from(c.childNodes)));
    const cuts: number[] = [];
    for (let y = r.top + chunk; y < r.bottom - chunk * 0.1; y += chunk) cuts.push(y);
    // All positions first, while the layout they were measured on is still valid.
    const at = cuts.map((y) =>
      cells.map((cell, j): Pos | null => {
        const lines = cellLines[j];
        const k = lines.findIndex((l) => (l.top + l.bottom) / 2 > y);
        if (k < 0) return null;
        if (k === 0) return { node: cell, offset: 0 };
        return lift(lineStart(lines[k], (lines[k - 1].bottom + lines[k].top) / 2), cell);
      }),
    );
    // Cut from the last position back, so the earlier ones stay valid.
    for (let i = cuts.length - 1; i >= 0; i--) {
      const next = row.cloneNode(false) as HTMLTableRowElement;
      next.removeAttribute('id');
      cells.forEach((cell, j) => {
        const c = cell.cloneNode(false) as HTMLElement;
        c.removeAttribute('id');
        const p = at[i][j];
        if (p) {
          range.setStart(p.node, p.offset);
          range.setEnd(cell, cell.childNodes.length);
          c.append(range.extractContents());
        }
        next.append(c);
      });
      next.setAttribute('data-row-continued', '');
      if (i < cuts.length - 1) next.setAttribute('data-row-split', '');
      row.after(next);
    }
    if (cuts.length) row.setAttribute('data-row-split', '');
  }
  fitWideTables();
  splitTallRows();

  const tMeasure0 = performance.now();
  interface UnitPlan { el: HTMLElement; kind: string; title: string; cands: Cand[]; refs: { y: number; n: string }[] }
  const plans: UnitPlan[] = [];
  const seenRefs = new Set<string>();
  for (const u of units) {
    const cs = getComputedStyle(u);
    if (cs.display === 'none') continue;
    const r = u.getBoundingClientRect();
    const kind = u.classList.contains('cover') ? 'cover' : u.tagName === 'NAV' ? 'nav' : u.classList.contains('footnotes') ? 'notes' : 'chapter';
    const start: Cand = { yStart: r.top, yEnd: r.top, over: 0, bad: 0, forced: false, pos: () => before(u), topChain: [] };
    const cands: Cand[] = [start];
    if (kind !== 'cover') walk(u, cs, cands);
    cands.push({ yStart: r.bottom, yEnd: r.bottom, over: 0, bad: 0, forced: true, pos: () => ({ node: u, offset: u.childNodes.length }), topChain: [] });
    const heading = u.querySelector('h1, h2, .toc-heading');
    const title = u.getAttribute('data-title') || u.getAttribute('aria-label') || (heading ? (heading.textContent || '').trim() : '');
    const refs: { y: number; n: string }[] = [];
    if (pageMode) {
      for (const a of Array.from(u.querySelectorAll('[data-fn]'))) {
        const n = a.getAttribute('data-fn') || '';
        if (seenRefs.has(n) || !noteEls.has(n)) continue;
        seenRefs.add(n);
        const rr = a.getBoundingClientRect();
        refs.push({ y: (rr.top + rr.bottom) / 2, n });
      }
      refs.sort((a, b) => a.y - b.y);
    }
    plans.push({ el: u, kind, title, cands, refs });
  }
  // Notes never cited still print, after the last chapter's last reference.
  const lastChapter = [...plans].reverse().find((p) => p.kind !== 'cover' && p.kind !== 'nav') || plans[plans.length - 1];
  if (lastChapter) {
    const endY = lastChapter.cands[lastChapter.cands.length - 1].yEnd - 0.5;
    for (const n of noteEls.keys()) if (!seenRefs.has(n)) lastChapter.refs.push({ y: endY, n });
  }

  const notes = new Map<string, Note>();
  for (const [n, el] of noteEls) {
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const cands: Cand[] = [];
    walk(el, cs, cands);
    const firstGood = cands.find((c) => c.bad === 0);
    const note: Note = { n, el, top: r.top, bottom: r.bottom, gap: parseFloat(cs.paddingTop), cands, minH: 0 };
    note.minH = firstGood ? firstGood.yEnd - r.top : r.height;
    notes.set(n, note);
  }
  const tMeasure1 = performance.now();

  // ---------- lay out: greedy page filling in pure JS ----------
  const pieceHeight = (p: Piece) => (p.to ? p.to.yEnd : p.note.bottom) - (p.from ? p.from.yStart - p.note.gap : p.note.top);
  /** The largest head of `p` that fits in `space`, and the rest (null when nothing fits). */
  function fitPiece(p: Piece, space: number): [Piece | null, Piece | null] {
    if (pieceHeight(p) <= space) return [p, null];
    const lo = p.from ? p.from.yStart : p.note.top;
    const hi = p.to ? p.to.yEnd : p.note.bottom;
    const top = p.from ? p.from.yStart - p.note.gap : p.note.top;
    let best: Cand | null = null;
    let bestAny: Cand | null = null;
    for (const c of p.note.cands) {
      if (c.yEnd <= lo + 0.5 || c.yStart >= hi - 0.5) continue;
      if (c.yEnd - top > space) break;
      bestAny = c;
      if (c.bad === 0) best = c;
    }
    const cut = best || bestAny;
    if (!cut) return [null, p];
    return [{ note: p.note, from: p.from, to: cut }, { note: p.note, from: cut, to: p.to }];
  }
  /** Notes in order into `space`: what fits (only the last may be split), and what carries over. */
  function fillNotes(queue: Piece[], space: number): { pieces: Piece[]; carry: Piece[] } {
    const pieces: Piece[] = [];
    const carry: Piece[] = [];
    for (const p of queue) {
      if (carry.length) {
        carry.push(p);
        continue;
      }
      const [head, rest] = fitPiece(p, space);
      if (head) {
        pieces.push(head);
        space -= pieceHeight(head);
      }
      if (rest) carry.push(rest);
    }
    return { pieces, carry };
  }

  const pages: PagePlan[] = [];
  const overflowPages: number[] = [];
  const queueMinShare = A * 0.3;
  for (const plan of plans) {
    const { cands, refs } = plan;
    if (plan.kind === 'cover') {
      pages.push({ unit: plan.el, end: null, cut: null, pieces: [], overflow: false, kind: 'cover' });
      continue;
    }
    let queue: Piece[] = [];
    let s = 0;
    let refIdx = 0; // first ref not yet on a page
    while (s < cands.length - 1) {
      const startC = cands[s];
      const top = startC.yStart - startC.over;
      const queueFull = queue.reduce((h, p) => h + pieceHeight(p), 0);
      const queueMin = queue.length ? Math.min(queueFull, Math.max(queue[0].note.minH, queueMinShare)) : 0;
      const best = [-1, -1, -1, -1]; // last feasible candidate per badness level
      let j = refIdx;
      let newFull = 0;
      let lastNote: Note | null = null;
      for (let b = s + 1; b < cands.length; b++) {
        const c = cands[b];
        while (j < refs.length && refs[j].y < c.yEnd) {
          if (lastNote) newFull += pieceHeight({ note: lastNote, from: null, to: null });
          lastNote = notes.get(refs[j].n)!;
          j++;
        }
        const contentH = c.yEnd - top;
        const notesH = lastNote ? notesPad + queueFull + newFull + lastNote.minH : queue.length ? notesPad + queueMin : 0;
        if (contentH + notesH > A) break;
        for (let lvl = c.bad; lvl < 4; lvl++) best[lvl] = b;
        if (c.forced) break;
      }
      let b = best[0];
      // A widow is better than a page less than 60 % full.
      if (best[1] > b && (b < 0 || cands[b].yEnd - top < 0.6 * (cands[best[1]].yEnd - top))) b = best[1];
      if (b < 0) b = best[2];
      if (b < 0) b = best[3];
      let overflow = false;
      if (b < 0) {
        b = s + 1; // nothing fits: an unbreakable block taller than a page, clipped
        overflow = true;
      }
      const end = cands[b];
      // Place notes: the carried pieces first, then the notes cited on this page (only the last may split).
      const contentH = end.yEnd - top;
      const space = A - contentH - notesPad;
      const newNotes: Note[] = [];
      while (refIdx < refs.length && refs[refIdx].y < end.yEnd) newNotes.push(notes.get(refs[refIdx++].n)!);
      const { pieces, carry } = fillNotes([...queue, ...newNotes.map((note) => ({ note, from: null, to: null }))], space);
      if (carry.length && newNotes.some((note) => !pieces.some((p) => p.note === note))) overflow = true;
      if (overflow) overflowPages.push(pages.length + 1);
      pages.push({ unit: plan.el, end, cut: b < cands.length - 1 ? end : null, pieces, overflow, kind: plan.kind });
      queue = carry;
      s = b;
    }
    // Notes still to print after the unit's content: notes-only pages.
    while (queue.length) {
      const { pieces, carry } = fillNotes(queue, A - notesPad);
      if (!pieces.length) {
        pieces.push(carry.shift()!); // a single line taller than a page: cannot happen with sane CSS
        overflowPages.push(pages.length + 1);
      }
      pages.push({ unit: plan.el, end: null, cut: null, pieces, overflow: false, kind: plan.kind });
      queue = carry;
    }
  }

  // Resolve DOM positions now, while the galley layout is still valid.
  const positions = new Map<Cand, Pos>();
  for (const p of pages) if (p.cut) positions.set(p.cut, p.cut.pos());
  for (const note of notes.values()) {
    for (const p of pages) for (const piece of p.pieces) if (piece.note === note && piece.to) positions.set(piece.to, piece.to.pos());
  }
  // Split tables keep their galley column widths in every fragment.
  const tableWidths = new Map<HTMLTableElement, { width: number; cols: number[] }>();
  for (const p of pages) {
    const t = p.cut && p.cut.table;
    if (t && !tableWidths.has(t)) {
      let model: HTMLTableRowElement | null = null;
      let most = 0;
      for (const row of Array.from(t.rows)) {
        const cells = Array.from(row.cells);
        if (cells.every((c) => c.colSpan === 1) && cells.length > most) {
          model = row;
          most = cells.length;
        }
      }
      if (model) tableWidths.set(t, { width: t.getBoundingClientRect().width, cols: Array.from(model.cells).map((c) => c.getBoundingClientRect().width) });
    }
  }
  const tLayout = performance.now();

  // ---------- fill: move content into pages, once ----------
  const tableClones = new Map<HTMLTableElement, HTMLTableElement[]>();
  /** Cut `root` at the given positions; returns one fragment per piece, in order. */
  function cutInto(root: HTMLElement, cuts: Cand[]): Node[] {
    const frags: Node[] = [];
    for (let i = cuts.length - 1; i >= 0; i--) {
      const c = cuts[i];
      const p = positions.get(c)!;
      const anc: Element[] = [];
      for (let n: Node | null = p.node.nodeType === 1 ? p.node : p.node.parentNode; n && n !== root.parentNode; n = n.parentNode) anc.push(n as Element);
      range.setStart(p.node, p.offset);
      range.setEndAfter(root);
      const frag = range.extractContents();
      let e = frag.firstChild as Element | null;
      for (let k = anc.length - 1; k >= 0 && e; k--) {
        const original = anc[k];
        e.setAttribute('data-continued', '');
        e.removeAttribute('id');
        if (original.tagName === 'OL') {
          const done = Array.from(original.children).filter((x) => x.tagName === 'LI').length;
          const splitItem = k > 0 && anc[k - 1].tagName === 'LI';
          (e as HTMLOListElement).start = ((original as HTMLOListElement).start || 1) + done - (splitItem ? 1 : 0);
        }
        if (original.tagName === 'TABLE') {
          const t = original as HTMLTableElement;
          if (t.tHead) {
            const head = t.tHead.cloneNode(true) as HTMLElement;
            head.setAttribute('data-repeated', '');
            e.insertBefore(head, e.firstChild);
          }
          const list = tableClones.get(t) || [];
          list.push(e as HTMLTableElement);
          tableClones.set(t, list);
        }
        e = e.firstChild as Element | null;
      }
      for (const x of c.topChain) x.setAttribute('data-page-top', '');
      for (const a of anc) a.setAttribute('data-split', '');
      frags[i + 1] = frag;
    }
    frags[0] = root;
    return frags;
  }

  const total = pages.length;
  // Content fragments per page.
  const contentOf = new Map<PagePlan, Node>();
  for (const plan of plans) {
    const own = pages.filter((p) => p.unit === plan.el);
    const cutPages = own.filter((p) => p.cut);
    const frags = cutInto(plan.el, cutPages.map((p) => p.cut!));
    let i = 0;
    for (const p of own) {
      if (p.end === null && p.kind !== 'cover') continue; // notes-only page
      contentOf.set(p, frags[i++]);
    }
  }
  // Note fragments per piece.
  const pieceNode = new Map<Piece, Node>();
  for (const note of notes.values()) {
    const pieces: Piece[] = [];
    for (const p of pages) for (const piece of p.pieces) if (piece.note === note) pieces.push(piece);
    const frags = cutInto(note.el, pieces.filter((x) => x.to).map((x) => x.to!));
    pieces.forEach((piece, i) => pieceNode.set(piece, frags[i]));
  }
  for (const [t, dims] of tableWidths) {
    for (const table of [t, ...(tableClones.get(t) || [])]) {
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

  const runningHeader = body.getAttribute('data-running-header') || '';
  const draft = body.getAttribute('data-draft');
  const book = doc.createDocumentFragment();
  const pageEls: HTMLElement[] = [];
  pages.forEach((p, i) => {
    const page = make('div', 'page' + (p.kind === 'cover' ? ' page-cover' : ''));
    page.setAttribute('data-page', String(i + 1));
    if (p.kind !== 'cover') {
      const header = make('div', 'page-header');
      header.setAttribute('aria-hidden', 'true');
      header.append(make('span', 'rh-left', runningHeader), make('span', 'rh-right', plan(p).title));
      page.append(header);
    }
    const pb = make('div', 'page-body');
    const content = make('div', 'page-content');
    const frag = contentOf.get(p);
    if (frag) content.append(frag);
    pb.append(content);
    if (p.pieces.length) {
      const area = make('div', 'page-notes');
      area.setAttribute('role', 'note');
      for (const piece of p.pieces) area.append(pieceNode.get(piece)!);
      pb.append(area);
    }
    page.append(pb);
    if (p.kind !== 'cover') {
      const footer = make('div', 'page-footer');
      footer.setAttribute('aria-hidden', 'true');
      footer.append(make('span', 'folio', `${i + 1} of ${total}`));
      page.append(footer);
    }
    if (draft) {
      const mark = make('div', 'page-draft', draft);
      mark.setAttribute('aria-hidden', 'true');
      const wm = make('div', 'page-watermark', 'DRAFT');
      wm.setAttribute('aria-hidden', 'true');
      page.append(mark, wm);
    }
    book.append(page);
    pageEls.push(page);
  });
  function plan(p: PagePlan) {
    return plans.find((x) => x.el === p.unit)!;
  }

  // Page numbers: where each id first lands.
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
    r.textContent = n ? ', p.\u00a0' + n : '';
  });

  body.classList.add('bk-paged');
  probe.remove();
  notesGalley.remove();
  body.replaceChildren(book, ...kept);
  const tFill = performance.now();

  // ---------- check: nothing off the page box ----------
  const overflow: Overflow[] = [];
  const flagged = new Set(overflowPages);
  /** Union of an element's border box and the text inside it (text may overflow the box). */
  const extent = (el: Element) => {
    range.selectNodeContents(el);
    const a = range.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    if (!a.width && !a.height) return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    return { left: Math.min(a.left, b.left), right: Math.max(a.right, b.right), top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom) };
  };
  pageEls.forEach((page, i) => {
    const pageBody = page.querySelector('.page-body');
    if (!pageBody) return;
    const box = pageBody.getBoundingClientRect();
    const wideOf = (e: ReturnType<typeof extent>) => e.left < box.left - 1 || e.right > box.right + 1;
    // Content runs out at the foot; notes, set from the foot up, run out at the top. (Only notes:
    // a superscript on a page's first line may rise a little above the top, harmlessly.)
    const notesArea = pageBody.querySelector('.page-notes');
    const tallOf = (el: Element, e: ReturnType<typeof extent>) => (notesArea && notesArea.contains(el) ? e.top < box.top - 1 : e.bottom > box.bottom + 1);
    const all = extent(pageBody);
    const wide = wideOf(all);
    const tall = flagged.has(i + 1) || all.bottom > box.bottom + 1 || (!!notesArea && tallOf(notesArea, extent(notesArea)));
    if (!wide && !tall) return;
    // The innermost located blocks that overflow; the first located block of the page otherwise.
    // A table's rows are named by the table: one warning for it, not one per row.
    const located = Array.from(pageBody.querySelectorAll('[data-src]')).filter((el) => el.tagName !== 'TR' || !el.closest('table[data-src]'));
    const over = located
      .map((el) => ({ el, e: extent(el) }))
      .filter(({ el, e }) => (wide && wideOf(e)) || (tall && tallOf(el, e)));
    const innermost = over.filter(({ el }) => !over.some((o) => o.el !== el && el.contains(o.el)));
    const seen = new Set<string>();
    for (const { el, e } of innermost) {
      const src = el.getAttribute('data-src') || '';
      const kind = wide && wideOf(e) ? 'wide' : 'tall';
      if (seen.has(src + kind)) continue;
      seen.add(src + kind);
      overflow.push({ page: i + 1, src, kind });
    }
    if (!innermost.length) overflow.push({ page: i + 1, src: located.length ? located[0].getAttribute('data-src') : null, kind: wide ? 'wide' : 'tall' });
  });
  return {
    pages: total,
    timings: { prepare: tPrep - t0, measure: tMeasure1 - tPrep, layout: tLayout - tMeasure1, fill: tFill - tLayout, check: performance.now() - tFill },
    overflow,
    notes: pieceNode.size,
  };
}
