// All DOM writes before the one measuring layout: page size, flow units, notes galley, a probe
// page, page-reference placeholders.
import { make } from './dom.ts';
import { noteLabel } from './marks.ts';

export interface Prepared {
  /** Notes at the foot of their pages (false: endnotes, a chapter of their own). */
  pageMode: boolean;
  /** The flow units, in order: the body's children, looking through <main> and bare <div>s. */
  units: HTMLElement[];
  /** Non-flow children (style, script…) kept in the body after pagination. */
  kept: Element[];
  /** Page-bottom notes, laid out at the width of a page's notes area. */
  notesGalley: HTMLElement;
  noteEls: Map<string, HTMLElement>;
  /** An empty page box, to measure the content area. */
  probe: HTMLElement;
  probeBody: HTMLElement;
  pagerefs: HTMLElement[];
}

const NON_FLOW = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'LINK', 'META', 'NOSCRIPT', 'BASE']);

export async function prepare(): Promise<Prepared> {
  const body = document.body;
  const pageMode = body.getAttribute('data-footnotes') !== 'endnotes';
  setPageSize();
  const units: HTMLElement[] = [];
  const kept: Element[] = [];
  collectUnits(body, units, kept);
  hideFromOutline(body);
  groupFigures(body);
  const { notesGalley, noteEls, endnotes } = gatherNotes(pageMode);
  const flow = endnotes && pageMode ? units.filter((u) => u !== endnotes) : units;
  if (noteEls.size) body.append(notesGalley);
  for (const u of flow) u.setAttribute('data-unit', '');
  const { probe, probeBody } = makeProbe();
  body.append(probe);

  body.getBoundingClientRect(); // lay out now so the fonts the notes and furniture need start loading
  await document.fonts.ready;

  const pagerefs = Array.from(body.querySelectorAll('.pageref[data-page-of]')) as HTMLElement[];
  if (pagerefs.length) placeholdPagerefs(pagerefs, flow, probeBody.getBoundingClientRect().height * 0.9);
  for (const ref of pagerefs) glueToWordBefore(ref);
  return { pageMode, units: flow, kept, notesGalley, noteEls, probe, probeBody, pagerefs };
}

function setPageSize() {
  const rootStyle = getComputedStyle(document.documentElement);
  const cssVar = (name: string, fallback: string) => rootStyle.getPropertyValue(name).trim() || fallback;
  const pageStyle = document.createElement('style');
  // @page cannot read custom properties, so the size is written in here. Landscape pages (for wide
  // tables, landscape.ts) are the same paper turned: a named page, which Chromium prints at its own size.
  const width = cssVar('--page-width', '210mm');
  const height = cssVar('--page-height', '297mm');
  pageStyle.textContent = `@page { size: ${width} ${height}; margin: 0 } @page landscape { size: ${height} ${width}; margin: 0 }`;
  document.head.appendChild(pageStyle);
}

/** Flow units are the body's children; a <main> (or other bare wrapper) is looked through. */
function collectUnits(parent: Element, units: HTMLElement[], kept: Element[]) {
  for (const el of Array.from(parent.children)) {
    if (NON_FLOW.has(el.tagName)) kept.push(el);
    else if (el.tagName === 'MAIN' || (el.tagName === 'DIV' && !el.className && !el.id)) collectUnits(el, units, kept);
    else units.push(el as HTMLElement);
  }
}

/**
 * Cover, contents and list-of-figures headings stay out of the PDF outline (Chromium builds it from
 * the accessibility tree's headings); the endnotes heading becomes a top-level entry.
 */
function hideFromOutline(body: HTMLElement) {
  for (const h of Array.from(body.querySelectorAll('section.cover :is(h1,h2,h3,h4,h5,h6), nav.toc > :is(h1,h2,h3), nav.lof > :is(h1,h2,h3)'))) {
    h.setAttribute('role', 'presentation');
  }
}

/**
 * A <figure> holding a chart, a map or a table is a Figure in the PDF, which then needs an /Alt of
 * its own and hides its caption behind it. As a group (a Div) it keeps the chart's own Figure (with
 * the SVG's aria-label as /Alt), the Table and the Caption as they are.
 */
function groupFigures(body: HTMLElement) {
  for (const f of Array.from(body.querySelectorAll('figure:not([role])'))) f.setAttribute('role', 'group');
}

/** Makes `el` a Note with /ID `id` in the PDF (see marks.ts). */
function markNote(el: Element, id: string) {
  el.setAttribute('role', 'figure');
  el.setAttribute('aria-label', noteLabel(id));
}

/** In page mode the endnotes section becomes a galley of `.fn` notes; otherwise it stays a chapter. */
function gatherNotes(pageMode: boolean) {
  const endnotes = document.body.querySelector('section.footnotes') as HTMLElement | null;
  const notesGalley = make('div', 'page-notes bk-notes-galley');
  const noteEls = new Map<string, HTMLElement>();
  if (pageMode && endnotes) {
    for (const li of Array.from(endnotes.querySelectorAll('li[data-fn]'))) {
      const fn = noteFromItem(li);
      notesGalley.append(fn);
      noteEls.set(li.getAttribute('data-fn') || '', fn);
    }
    endnotes.remove();
  } else if (endnotes) {
    const h = endnotes.querySelector(':scope > h2');
    if (h) h.setAttribute('aria-level', '1');
    // The list stays L/LI: inside doc-endnotes Chromium makes each item a doc-endnote, a NonStruct
    // in the PDF, whatever role it is given. Each item's content becomes its Note.
    endnotes.setAttribute('role', 'none');
    for (const li of Array.from(endnotes.querySelectorAll('li[data-fn]'))) {
      const note = make('div');
      note.append(...Array.from(li.childNodes));
      li.append(note);
      markNote(note, li.id || `fn-${li.getAttribute('data-fn')}`);
    }
  }
  return { notesGalley, noteEls, endnotes };
}

function noteFromItem(li: Element): HTMLElement {
  const n = li.getAttribute('data-fn') || '';
  const fn = make('div', 'fn');
  fn.setAttribute('data-fn', n);
  if (li.id) fn.id = li.id;
  markNote(fn, li.id || `fn-${n}`);
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
  return fn;
}

function makeProbe() {
  const probe = make('div', 'page bk-probe');
  const probeBody = make('div', 'page-body');
  probeBody.append(make('div', 'page-content'));
  probe.append(make('div', 'page-header', 'Probe'), probeBody, make('div', 'page-footer', '1 of 1'));
  return { probe, probeBody };
}

/**
 * Page references get a placeholder as wide as their future number (digits estimated from the
 * galley), and keep at least that width, so filling them in cannot re-break a line.
 */
function placeholdPagerefs(pagerefs: HTMLElement[], units: HTMLElement[], perPage: number) {
  const firstPage = new Map<HTMLElement, number>();
  let next = 1;
  for (const u of units) {
    const r = u.getBoundingClientRect();
    firstPage.set(u, next);
    next += u.classList.contains('cover') ? 1 : Math.max(1, Math.ceil(r.height / perPage));
  }
  const guesses = pagerefs.map((ref) => {
    const target = document.getElementById(ref.getAttribute('data-page-of') || '');
    const unit = target ? units.find((u) => u.contains(target)) : undefined;
    if (!target || !unit) return 1;
    return firstPage.get(unit)! + Math.floor((target.getBoundingClientRect().top - unit.getBoundingClientRect().top) / perPage);
  });
  const pageref = document.body.getAttribute('data-pageref') || ', p.\u00a0{page}';
  pagerefs.forEach((ref, i) => (ref.textContent = pageref.replace('{page}', '0'.repeat(String(guesses[i]).length))));
}

/** An inline-block may start a new line; glue each page reference to the word before it. */
function glueToWordBefore(ref: HTMLElement) {
  const prev = ref.previousSibling;
  const glue = make('span');
  glue.style.whiteSpace = 'nowrap';
  if (prev && prev.nodeType === 1) {
    ref.before(glue);
    glue.append(prev, ref);
  } else if (prev && prev.nodeType === 3) {
    const t = prev as Text;
    const word = /\S+$/.exec(t.data);
    if (!word) return;
    const tail = t.splitText(word.index);
    ref.before(glue);
    glue.append(tail, ref);
  }
}
