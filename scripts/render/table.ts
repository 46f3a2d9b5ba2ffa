// TableModel → semantic HTML table: <caption>, <th scope>, one <tbody> per group so the PDF
// paginator can break between rows and repeat <thead>.
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { TableModel } from '../types.ts';

type ModelColumn = TableModel['columns'][number];

function caption(model: TableModel, label?: string): Element | null {
  if (!model.caption && !label) return null;
  const parts: ElementContent[] = [];
  if (label) parts.push(h('span.label', `${label}.`));
  if (label && model.caption) parts.push({ type: 'text', value: ' ' });
  if (model.caption) parts.push({ type: 'text', value: model.caption });
  return h('caption', parts);
}

function headerRow(columns: ModelColumn[]): Element {
  return h(
    'tr',
    columns.map((c) => h('th', { scope: 'col', className: c.numeric ? ['num'] : undefined }, c.label)),
  );
}

/** Digits after the decimal separator of a number as displayed ("1.96" → 2; "12" and "—" → 0). */
function fractionDigits(text: string, separator: string): number {
  const at = text.lastIndexOf(separator);
  return at < 0 || !/^\d+$/.test(text.slice(at + separator.length)) ? 0 : text.length - at - separator.length;
}

/** Per column: the most decimals of its cells, when its cells line up on the decimal separator. */
function decimalsOf(model: TableModel): (number | null)[] {
  return model.columns.map((c, i) => {
    if (c.alignOn === undefined) return null;
    let most = 0;
    for (const g of model.groups) for (const row of g.rows) most = Math.max(most, fractionDigits(row[i] ?? '', c.alignOn));
    return most;
  });
}

/**
 * A right-aligned number padded with invisible zeros to the column's decimals ("1.8" under "1.96"),
 * so the decimal points line up without printing a precision the data does not have.
 */
function aligned(text: string, separator: string, most: number): ElementContent[] {
  if (!/\d/.test(text)) return [{ type: 'text', value: text }];
  const digits = fractionDigits(text, separator);
  if (digits === most) return [{ type: 'text', value: text }];
  const pad = `${digits === 0 ? separator : ''}${'0'.repeat(most - digits)}`;
  return [{ type: 'text', value: text }, h('span.num-pad', { ariaHidden: 'true' }, pad)];
}

/** The first cell names the row (a country, a city), so it is a row header. */
function bodyRow(cells: string[], columns: ModelColumn[], decimals: (number | null)[]): Element {
  return h(
    'tr',
    cells.map((text, i) => {
      const most = decimals[i];
      const content = most !== null && most !== undefined && most > 0 ? aligned(text, columns[i].alignOn!, most) : text;
      return h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, className: columns[i]?.numeric ? ['num'] : undefined }, content);
    }),
  );
}

function bodies(model: TableModel): Element[] {
  const decimals = decimalsOf(model);
  const span = Math.max(1, model.columns.length);
  if (model.rowCount === 0 || model.groups.length === 0) return [h('tbody', h('tr', h('td.empty', { colSpan: span }, model.empty)))];
  return model.groups.map((g) =>
    h('tbody', [
      ...(g.label === null ? [] : [h('tr.group', h('th', { scope: 'rowgroup', colSpan: span }, g.label))]),
      ...g.rows.map((cells) => bodyRow(cells, model.columns, decimals)),
    ]),
  );
}

export function tableToHast({ model, label }: { model: TableModel; label?: string }): Element {
  const table = h('table', [caption(model, label), h('thead', headerRow(model.columns)), ...bodies(model)].filter((e): e is Element => e !== null));
  // The paginator reads these: landscape pages (or never) instead of deciding by the table's width.
  const orientation = model.landscape === undefined ? [] : [model.landscape ? 'landscape' : 'upright'];
  return h('figure', { className: ['table', ...orientation], id: model.id }, [table, ...model.notes.map((note) => h('p.table-notes', note))]);
}
