// `::table{data=… columns=… where=… sort=… group=… flag=…}` → TableModel: rows chosen, ordered,
// grouped and turned into display strings; rendering is render/table.ts's job.
import { wordsFor } from '../words/index.ts';
import type { Reporter } from '../messages.ts';
import type { Column, Dataset, Datasets, Place, Row, TableModel } from '../types.ts';
import { decimalSeparator, displayCell } from './display.ts';
import { formatNumber, MAX_DECIMALS, parseNumberFormat, splitColumns, type NumberFormat } from './number-format.ts';
import { compileWhere, hasColumn, knownColumns, parseSort, scopeRows, sortRows, type Scope, type SelectProblem } from './select.ts';
import { evaluate, type Expr } from './where.ts';

export const FLAG_MARK = '†';

/** A directive being bound: reports problems at its attribute values. */
export interface DirectiveSite {
  name: string;
  attributes: Record<string, string>;
  /** Place of the character `offset` into attribute `name`'s value (the directive's start if unknown). */
  attr: (name: string, offset?: number) => Place;
  /** Where the directive's problems go, each at its place. */
  reporter: Reporter;
  /** Evaluates {{…}} in an attribute value (caption, notes, alt). */
  prose: (name: string) => string | undefined;
}

interface DisplayColumn {
  name: string;
  label: string;
  numeric: boolean;
  /** The author's number format (`columns="fert:Fertility:0.0"`). */
  format?: NumberFormat;
}

/** `country_code` → "Country code", when neither the directive nor the schema gives a label. */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function reportSelect(site: DirectiveSite, attribute: string, problems: SelectProblem[]): void {
  for (const p of problems) {
    const at = site.attr(attribute, p.offset);
    if (p.rule === 'directive-attribute-value') site.reporter.report(at, p.rule, { ...p.args, name: site.name });
    else site.reporter.reportCall(at, p);
  }
}

const isNumeric = (c: Column) => c.type === 'number' || c.type === 'integer';

/** The format part of a column (`fert:Fertility:0.0`), checked; undefined when there is none, null when it is wrong. */
function columnFormat(site: DirectiveSite, column: Column, part: string, at: number): NumberFormat | undefined | null {
  const segments = part.split(':');
  if (segments.length < 3) return undefined;
  const text = segments[segments.length - 1].trim();
  const place = site.attr('columns', at + part.lastIndexOf(':') + 1 + (segments[segments.length - 1].length - segments[segments.length - 1].trimStart().length));
  const format = parseNumberFormat(text);
  if (!format) {
    site.reporter.report(place, 'column-format', { column: column.name, format: text, max: MAX_DECIMALS });
    return null;
  }
  if (!isNumeric(column)) {
    site.reporter.report(place, 'column-format-type', { column: column.name, format: text, type: column.type });
    return null;
  }
  return format;
}

/** `columns="country,city:City name,fert:Fertility:0.0"` → columns to show, each checked against the dataset. */
function displayColumns(site: DirectiveSite, dataset: Dataset, group: string | undefined): DisplayColumn[] | null {
  const byName = new Map(dataset.columns.map((c) => [c.name, c]));
  const make = (c: Column, label?: string, format?: NumberFormat): DisplayColumn => ({ name: c.name, label: label || c.label || humanize(c.name), numeric: isNumeric(c), ...(format ? { format } : {}) });
  const spec = site.attributes.columns;
  // Without columns=, every column but the group one (it heads the groups instead).
  if (spec === undefined) return dataset.columns.filter((c) => c.name !== group).map((c) => make(c));
  const out: DisplayColumn[] = [];
  let ok = true;
  for (const { part, offset } of splitColumns(spec)) {
    const segments = part.split(':');
    const name = segments[0].trim();
    // name:label, or name:label:format (the label may be empty: fert::0.0)
    const label = segments.length < 2 ? undefined : segments.slice(1, Math.max(2, segments.length - 1)).join(':').trim();
    const at = offset + (part.length - part.trimStart().length);
    const column = byName.get(name);
    if (!name) {
      site.reporter.report(site.attr('columns', at), 'directive-attribute-value', { name: site.name, attribute: 'columns', value: spec, expected: 'list columns separated by commas, each optionally with a label: columns="country,city:City"' });
      ok = false;
    } else if (!column) {
      site.reporter.report(site.attr('columns', at), 'column-unknown', { dataset: dataset.name, column: name, known: knownColumns(dataset) });
      ok = false;
    } else {
      const format = columnFormat(site, column, part, offset);
      if (format === null) ok = false;
      else out.push(make(column, label, format));
    }
  }
  return ok ? out : null;
}

/** The † note: the author's flag-note, or a short reading of a simple flag expression. */
function flagNote(site: DirectiveSite, dataset: Dataset, ast: Expr, language: string): string {
  const written = site.prose('flag-note');
  if (written) return `${FLAG_MARK} ${written}`;
  const label = (name: string) => dataset.columns.find((c) => c.name === name)?.label ?? humanize(name);
  const shown = (v: string | number | boolean | null) => displayCell(v, language);
  if (ast.type === 'compare' && ast.left.type === 'column' && ast.right.type === 'literal' && (ast.op === '==' || ast.op === '!=')) {
    return `${FLAG_MARK} ${label(ast.left.name)}: ${ast.op === '!=' ? wordsFor(language).t('flagNot', { value: shown(ast.right.value) }) : shown(ast.right.value)}.`;
  }
  if (ast.type === 'truthy' && ast.operand.type === 'column') return `${FLAG_MARK} ${label(ast.operand.name)}: ${shown(true)}.`;
  if (ast.type === 'not' && ast.expr.type === 'truthy' && ast.expr.operand.type === 'column') return `${FLAG_MARK} ${label(ast.expr.operand.name)}: ${shown(false)}.`;
  return `${FLAG_MARK} ${wordsFor(language).t('flagMarked', { flag: site.attributes.flag ?? '' })}`;
}

/** Rows under group headers, in order of first appearance after sorting. */
function groupRows(rows: Row[], group: string | undefined, language: string, emptyLabel: string | undefined): { label: string | null; rows: Row[] }[] {
  if (!group) return rows.length ? [{ label: null, rows }] : [];
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const value = row[group] ?? null;
    // Rows with no value get their own group, headed by `group-empty` when the author names it.
    const label = value === null && emptyLabel ? emptyLabel : displayCell(value, language);
    const list = groups.get(label);
    if (list) list.push(row);
    else groups.set(label, [row]);
  }
  return [...groups].map(([label, rs]) => ({ label, rows: rs }));
}

export function buildTableModel({ site, datasets, language, scope, unavailable }: { site: DirectiveSite; datasets: Datasets; language: string; scope?: Scope; unavailable?: ReadonlySet<string> }): TableModel | null {
  const a = site.attributes;
  const name = a.data;
  if (!name) {
    site.reporter.report(site.attr('data'), 'directive-attribute-missing', { name: 'table', attribute: 'data', description: 'the dataset to show, as named under datasets: in brief.yaml' });
    return null;
  }
  const dataset = datasets.get(name);
  if (!dataset && unavailable?.has(name)) return null; // its load problems are reported already
  if (!dataset) {
    site.reporter.report(site.attr('data'), 'dataset-unknown', { name, known: [...datasets.keys()].join(', ') });
    return null;
  }
  let ok = true;
  const group = a.group?.trim() || undefined;
  if (group && !hasColumn(dataset, group)) {
    site.reporter.report(site.attr('group'), 'column-unknown', { dataset: dataset.name, column: group, known: knownColumns(dataset) });
    ok = false;
  }
  const columns = displayColumns(site, dataset, group);
  const compiled = (attribute: 'where' | 'flag'): Expr | null => {
    if (a[attribute] === undefined) return null;
    const { ast, problems } = compileWhere(dataset, a[attribute]);
    reportSelect(site, attribute, problems);
    if (problems.length) ok = false;
    return ast;
  };
  const where = compiled('where');
  const flag = compiled('flag');
  const landscape = a.landscape === undefined ? undefined : a.landscape === 'true' ? true : a.landscape === 'false' ? false : null;
  if (landscape === null) {
    site.reporter.report(site.attr('landscape'), 'directive-attribute-value', { name: site.name, attribute: 'landscape', value: a.landscape, expected: 'write landscape=true to print the table on landscape pages, or landscape=false to keep it upright' });
    ok = false;
  }
  const order = a.sort === undefined ? { keys: [], problems: [] } : parseSort(dataset, a.sort);
  reportSelect(site, 'sort', order.problems);
  if (!ok || !columns || order.problems.length) return null;

  let rows = scopeRows(dataset, dataset.rows, scope);
  if (where) rows = rows.filter((r) => evaluate(where, r));
  rows = sortRows(rows, order.keys, language);
  let flagged = 0;
  const toCells = (row: Row): string[] => {
    const cells = columns.map((c) => {
      const value = row[c.name] ?? null;
      return c.format && typeof value === 'number' ? formatNumber(value, c.format, language) : displayCell(value, language);
    });
    if (flag && evaluate(flag, row) && cells.length) {
      cells[0] += FLAG_MARK;
      flagged++;
    }
    return cells;
  };
  const groups = groupRows(rows, group, language, site.prose('group-empty')).map((g) => ({ label: g.label, rows: g.rows.map(toCells) }));
  const notes = [site.prose('notes'), flag && flagged ? flagNote(site, dataset, flag, language) : undefined].filter((n): n is string => !!n);
  const caption = site.prose('caption');
  return {
    ...(a.id ? { id: a.id } : {}),
    ...(caption ? { caption } : {}),
    notes,
    columns: columns.map(({ name, label, numeric, format }) => ({ name, label, numeric, ...(numeric && !format ? { alignOn: decimalSeparator(language) } : {}) })),
    groups,
    rowCount: rows.length,
    flagged,
    empty: site.prose('empty') ?? wordsFor(language).t('tableEmpty'),
    ...(landscape !== undefined && landscape !== null ? { landscape } : {}),
  };
}
