// Choosing rows for a table, chart or prose value: pack scope, where, sort. Pure; problems come
// back with the attribute and offset they concern, and the caller turns them into places.
import type { RuleArgs, RuleCall } from '../messages.ts';
import type { Cell, Dataset, Row } from '../types.ts';
import { evaluate, parseWhere, type Expr } from './where.ts';

interface At {
  /** Which input the offset is in. */
  input: 'where' | 'sort';
  offset: number;
}
export type WhereProblem = RuleCall<'column-unknown' | 'where-syntax'> & At;
/** A bad sort= names the directive only where the caller knows it. */
export type SelectProblem = WhereProblem | ({ rule: 'directive-attribute-value'; args: Omit<RuleArgs<'directive-attribute-value'>, 'name'> } & At);

export interface Scope {
  column: string;
  value: string;
}

export interface SortKey {
  column: string;
  descending: boolean;
  offset: number;
}

export function knownColumns(dataset: Dataset): string {
  return dataset.columns.map((c) => c.name).join(', ');
}

export function hasColumn(dataset: Dataset, name: string): boolean {
  return dataset.columns.some((c) => c.name === name);
}

/** Parses a where-expression and checks its columns against the dataset. */
export function compileWhere(dataset: Dataset, expr: string, input: SelectProblem['input'] = 'where'): { ast: Expr | null; problems: WhereProblem[] } {
  const parsed = parseWhere(expr);
  // The place points into the expression; a long one is shortened in the message.
  const shown = expr.length > 80 ? `${expr.slice(0, 77)}…` : expr;
  if (!parsed.ok) return { ast: null, problems: [{ rule: 'where-syntax', args: { expr: shown, problem: parsed.problem, ...parsed.args }, input, offset: parsed.offset }] };
  const problems: WhereProblem[] = parsed.refs
    .filter((r) => !hasColumn(dataset, r.name))
    .map((r) => ({ rule: 'column-unknown', args: { dataset: dataset.name, column: r.name, known: knownColumns(dataset) }, input, offset: r.offset }));
  return { ast: problems.length ? null : parsed.ast, problems };
}

/** `"country,-stations"` → keys; a leading minus sorts that key descending. */
export function parseSort(dataset: Dataset, sort: string): { keys: SortKey[]; problems: SelectProblem[] } {
  const keys: SortKey[] = [];
  const problems: SelectProblem[] = [];
  let offset = 0;
  for (const part of sort.split(',')) {
    const lead = part.length - part.trimStart().length;
    const text = part.trim();
    const descending = text.startsWith('-');
    const column = (descending ? text.slice(1) : text).trim();
    const at = offset + lead + (descending ? 1 : 0);
    if (!column) problems.push({ rule: 'directive-attribute-value', args: { attribute: 'sort', value: sort, expected: 'list columns separated by commas, a minus for descending: sort="country,-stations"' }, input: 'sort', offset: at });
    else if (!hasColumn(dataset, column)) problems.push({ rule: 'column-unknown', args: { dataset: dataset.name, column, known: knownColumns(dataset) }, input: 'sort', offset: at });
    else keys.push({ column, descending, offset: at });
    offset += part.length + 1;
  }
  return { keys, problems };
}

const RANK: Record<string, number> = { boolean: 0, number: 1, string: 2 };

/** Ascending order of two non-null cells; numbers before text when a JSON column mixes them. */
function compareValues(a: Exclude<Cell, null>, b: Exclude<Cell, null>, collator: Intl.Collator): number {
  if (typeof a !== typeof b) return RANK[typeof a] - RANK[typeof b];
  if (typeof a === 'number') return a - (b as number);
  if (typeof a === 'boolean') return Number(a) - Number(b);
  return collator.compare(a, b as string);
}

/** Stable multi-key sort; nulls go last whatever the direction. */
export function sortRows(rows: Row[], keys: SortKey[], language = 'en'): Row[] {
  if (!keys.length) return rows;
  const collator = new Intl.Collator(language, { numeric: true });
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => {
      for (const k of keys) {
        const a = x.row[k.column] ?? null;
        const b = y.row[k.column] ?? null;
        if (a === null || b === null) {
          if (a !== b) return a === null ? 1 : -1;
          continue;
        }
        const c = compareValues(a, b, collator);
        if (c !== 0) return k.descending ? -c : c;
      }
      return x.i - y.i;
    })
    .map((e) => e.row);
}

/** Pack scope: only the pack country's rows, for datasets that have the pack column. */
export function scopeRows(dataset: Dataset, rows: Row[], scope?: Scope): Row[] {
  if (!scope || !hasColumn(dataset, scope.column)) return rows;
  return rows.filter((r) => r[scope.column] !== null && String(r[scope.column]) === scope.value);
}

export function selectRows({ dataset, where, sort, scope, language }: { dataset: Dataset; where?: string; sort?: string; scope?: Scope; language?: string }): { rows: Row[]; problems: SelectProblem[] } {
  const filter = where === undefined ? { ast: null, problems: [] } : compileWhere(dataset, where);
  const order = sort === undefined ? { keys: [], problems: [] } : parseSort(dataset, sort);
  const problems = [...filter.problems, ...order.problems];
  if (problems.length) return { rows: [], problems };
  let rows = scopeRows(dataset, dataset.rows, scope);
  if (filter.ast) rows = rows.filter((r) => evaluate(filter.ast!, r));
  return { rows: sortRows(rows, order.keys, language), problems };
}
