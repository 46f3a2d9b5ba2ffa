// Line boxes of inline content, measured from the rects of its text and atomic inline boxes.
import { atomicInline, outOfFlow, replaced, theRange, type Pos, before } from './dom.ts';

/** A line box; `text` (with the index of its rect) or `el` is the first thing on it. */
export interface Line {
  top: number;
  bottom: number;
  text?: Text;
  rectIndex: number;
  el?: Element;
}

/** Line boxes of a run of inline content. */
export function measureLines(run: Node[]): Line[] {
  const items: Line[] = [];
  for (const n of run) collectBoxes(n, items);
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

/** The boxes of a node in document order: one per text rect, one per atomic inline. */
function collectBoxes(n: Node, items: Line[]) {
  if (n.nodeType === 3) return textBoxes(n as Text, items);
  if (n.nodeType !== 1) return;
  const el = n as Element;
  const cs = getComputedStyle(el);
  if (outOfFlow(cs)) return;
  if (replaced.has(el.tagName) || atomicInline(cs.display)) {
    const r = el.getBoundingClientRect();
    if (r.height > 0) items.push({ top: r.top, bottom: r.bottom, el, rectIndex: 0 });
    return;
  }
  for (const c of Array.from(el.childNodes)) collectBoxes(c, items);
}

function textBoxes(t: Text, items: Line[]) {
  if (!t.data.trim()) return;
  const range = theRange();
  range.selectNodeContents(t);
  const rects = range.getClientRects();
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i];
    if (r.height > 0) items.push({ top: r.top, bottom: r.bottom, text: t, rectIndex: i });
  }
}

/** y of the n+1 line-box edges; exact when the run fills a block with uniform lines. */
export function lineEdges(lines: Line[], boxTop?: number, boxBottom?: number): number[] {
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
export function lineStart(line: Line, edge: number): Pos {
  if (line.el) return before(line.el);
  const t = line.text!;
  if (line.rectIndex === 0) return { node: t, offset: 0 };
  const range = theRange();
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
  return { node: t, offset: afterSoftHyphen(t.data, lo) };
}

const LETTER = /[\p{L}\p{M}]/u;

/**
 * A line starts inside a word only after the soft hyphen it broke at (render/hyphenate.ts), but the
 * character rects around a hyphenated break can put the first letter or two of the new line on the
 * line before. So a start found inside a word moves back to just after the word's soft hyphen.
 */
function afterSoftHyphen(text: string, offset: number): number {
  if (offset === 0 || !LETTER.test(text[offset] ?? '') || !LETTER.test(text[offset - 1])) return offset;
  for (let i = offset - 1; i >= 0 && (LETTER.test(text[i]) || text[i] === '\u00ad'); i--) if (text[i] === '\u00ad') return i + 1;
  return offset;
}
