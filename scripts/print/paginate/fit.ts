// Make the galley fit before measuring it: tables wider than their column, rows taller than a page.
import { lift, theRange, type Pos } from './dom.ts';
import { lineStart, measureLines } from './lines.ts';

const MIN_TABLE_SCALE = 0.6; // type below 60 % of its size is no longer readable on paper

/** `landscapeArea`: the height of a landscape page's content, for tables lifted onto one. */
export function fitTables(area: number, landscapeArea: number) {
  fitWideTables();
  splitTallRows(area, landscapeArea);
}

/** Width of the content box of the table's container. */
function roomFor(el: Element): number {
  const parent = el.parentElement!;
  const ps = getComputedStyle(parent);
  return parent.getBoundingClientRect().width - parseFloat(ps.paddingLeft) - parseFloat(ps.paddingRight) - parseFloat(ps.borderLeftWidth) - parseFloat(ps.borderRightWidth);
}

/** A wide table shrinks its type (to 60 % at least), then breaks its cells' words anywhere. */
function fitWideTables() {
  const tables = Array.from(document.body.querySelectorAll('table')) as HTMLTableElement[];
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
function splitTallRows(portraitArea: number, landscapeArea: number) {
  for (const t of Array.from(document.body.querySelectorAll('table')) as HTMLTableElement[]) {
    const rows = Array.from(t.rows);
    if (rows.some((r) => Array.from(r.cells).some((c) => c.rowSpan > 1))) continue;
    const area = t.closest('.bk-landscape') ? landscapeArea : portraitArea;
    const room = area - (t.tHead ? t.tHead.getBoundingClientRect().height : 0) - (t.caption ? t.caption.getBoundingClientRect().height : 0);
    for (const row of rows) {
      if (row.parentElement && row.parentElement.tagName === 'THEAD') continue;
      if (row.getBoundingClientRect().height > room) splitRow(row, room * 0.8);
    }
  }
}

function splitRow(row: HTMLTableRowElement, chunk: number) {
  const r = row.getBoundingClientRect();
  const cells = Array.from(row.cells);
  const cuts: number[] = [];
  for (let y = r.top + chunk; y < r.bottom - chunk * 0.1; y += chunk) cuts.push(y);
  const at = cutPositions(cells, cuts);
  // Cut from the last position back, so the earlier ones stay valid.
  for (let i = cuts.length - 1; i >= 0; i--) row.after(rowFrom(row, cells, at[i], i < cuts.length - 1));
  if (cuts.length) row.setAttribute('data-row-split', '');
}

/** Per cut, per cell: where the cell's first line below the cut starts (null: none does). All read before any cut, while the layout is valid. */
function cutPositions(cells: HTMLTableCellElement[], cuts: number[]): (Pos | null)[][] {
  const cellLines = cells.map((c) => measureLines(Array.from(c.childNodes)));
  return cuts.map((y) =>
    cells.map((cell, j): Pos | null => {
      const lines = cellLines[j];
      const k = lines.findIndex((l) => (l.top + l.bottom) / 2 > y);
      if (k < 0) return null;
      if (k === 0) return { node: cell, offset: 0 };
      return lift(lineStart(lines[k], (lines[k - 1].bottom + lines[k].top) / 2), cell);
    }),
  );
}

/** A new row holding every cell's content from its cut position on. */
function rowFrom(row: HTMLTableRowElement, cells: HTMLTableCellElement[], at: (Pos | null)[], splitAgain: boolean): HTMLTableRowElement {
  const range = theRange();
  const next = row.cloneNode(false) as HTMLTableRowElement;
  next.removeAttribute('id');
  cells.forEach((cell, j) => {
    const c = cell.cloneNode(false) as HTMLElement;
    c.removeAttribute('id');
    const p = at[j];
    if (p) {
      range.setStart(p.node, p.offset);
      range.setEnd(cell, cell.childNodes.length);
      c.append(range.extractContents());
    }
    next.append(c);
  });
  next.setAttribute('data-row-continued', '');
  if (splitAgain) next.setAttribute('data-row-split', '');
  return next;
}
