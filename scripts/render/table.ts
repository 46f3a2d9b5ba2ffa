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

/** The first cell names the row (a country, a city), so it is a row header. */
function bodyRow(cells: string[], columns: ModelColumn[]): Element {
  return h(
    'tr',
    cells.map((text, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, className: columns[i]?.numeric ? ['num'] : undefined }, text)),
  );
}

function bodies(model: TableModel): Element[] {
  const span = Math.max(1, model.columns.length);
  if (model.rowCount === 0 || model.groups.length === 0) return [h('tbody', h('tr', h('td.empty', { colSpan: span }, model.empty)))];
  return model.groups.map((g) =>
    h('tbody', [
      ...(g.label === null ? [] : [h('tr.group', h('th', { scope: 'rowgroup', colSpan: span }, g.label))]),
      ...g.rows.map((cells) => bodyRow(cells, model.columns)),
    ]),
  );
}

export function tableToHast({ model, label }: { model: TableModel; label?: string }): Element {
  const table = h('table', [caption(model, label), h('thead', headerRow(model.columns)), ...bodies(model)].filter((e): e is Element => e !== null));
  return h('figure.table', { id: model.id }, [table, ...model.notes.map((note) => h('p.table-notes', note))]);
}
