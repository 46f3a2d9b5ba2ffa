// The check after moving: anything off its page box, named by the innermost located block (data-src).
import { theRange } from './dom.ts';
import type { Overflow } from './types.ts';

interface Extent {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Union of an element's border box and the text inside it (text may overflow the box). */
function extent(el: Element): Extent {
  const range = theRange();
  range.selectNodeContents(el);
  const a = range.getBoundingClientRect();
  const b = el.getBoundingClientRect();
  if (!a.width && !a.height) return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
  return { left: Math.min(a.left, b.left), right: Math.max(a.right, b.right), top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom) };
}

/** Overflows of every page; `flagged` pages (1-based) are ones the plan already knows are clipped. */
export function checkOverflow(pageEls: HTMLElement[], flagged: Set<number>): Overflow[] {
  const overflow: Overflow[] = [];
  pageEls.forEach((page, i) => {
    const pageBody = page.querySelector('.page-body');
    if (pageBody) overflow.push(...pageOverflow(pageBody, i + 1, flagged.has(i + 1)));
  });
  return overflow;
}

function pageOverflow(pageBody: Element, page: number, flagged: boolean): Overflow[] {
  const box = pageBody.getBoundingClientRect();
  const wideOf = (e: Extent) => e.left < box.left - 1 || e.right > box.right + 1;
  // Content runs out at the foot; notes, set from the foot up, run out at the top. (Only notes:
  // a superscript on a page's first line may rise a little above the top, harmlessly.)
  const notesArea = pageBody.querySelector('.page-notes');
  const tallOf = (el: Element, e: Extent) => (notesArea && notesArea.contains(el) ? e.top < box.top - 1 : e.bottom > box.bottom + 1);
  const all = extent(pageBody);
  const wide = wideOf(all);
  const tall = flagged || all.bottom > box.bottom + 1 || (!!notesArea && tallOf(notesArea, extent(notesArea)));
  if (!wide && !tall) return [];
  // The innermost located blocks that overflow; the first located block of the page otherwise.
  // A table's rows are named by the table: one warning for it, not one per row.
  const located = Array.from(pageBody.querySelectorAll('[data-src]')).filter((el) => el.tagName !== 'TR' || !el.closest('table[data-src]'));
  const over = located.map((el) => ({ el, e: extent(el) })).filter(({ el, e }) => (wide && wideOf(e)) || (tall && tallOf(el, e)));
  const innermost = over.filter(({ el }) => !over.some((o) => o.el !== el && el.contains(o.el)));
  const found: Overflow[] = [];
  const seen = new Set<string>();
  for (const { el, e } of innermost) {
    const src = el.getAttribute('data-src') || '';
    const kind = wide && wideOf(e) ? 'wide' : 'tall';
    if (seen.has(src + kind)) continue;
    seen.add(src + kind);
    found.push({ page, src, kind });
  }
  if (!innermost.length) found.push({ page, src: located.length ? located[0].getAttribute('data-src') : null, kind: wide ? 'wide' : 'tall' });
  return found;
}
