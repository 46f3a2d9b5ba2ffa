// Every data field a spec names, with its JSON pointer, checked against the
// dataset's columns. Fields that transforms create (`as`) count as columns from
// that transform on; after a transform we cannot follow, checking stops.
import { pointer } from './json.ts';

type Spec = Record<string, any>;

export interface FieldRef {
  field: string;
  /** JSON pointer of the string that names it. */
  ptr: string;
}

type Avail = Set<string> | null; // null: unknown from here on, do not check

const CHANNEL_DEF_KEYS = ['condition'];

/** Fields in the spec that are not columns (or transform outputs). */
export function unknownFields(spec: Spec, columns: string[]): FieldRef[] {
  const bad: FieldRef[] = [];
  walkView(spec, [], new Set(columns), bad);
  return bad;
}

/** Every field the spec reads, whether or not it exists: for `brief check` listings. */
export function chartColumns(spec: Spec): string[] {
  const bad = unknownFields(spec, []);
  return [...new Set(bad.map((b) => topLevel(b.field)))];
}

function has(avail: Avail, field: string): boolean {
  if (!avail) return true;
  if (avail.has(field)) return true;
  const unescaped = field.replace(/\\(.)/g, '$1');
  return avail.has(unescaped) || avail.has(topLevel(field));
}

/** "a.b" and "a[0]" read into column a; "a\.b" is the column "a.b". */
function topLevel(field: string): string {
  const m = /^((?:\\.|[^.[\\])+)/.exec(field);
  return m ? m[1].replace(/\\(.)/g, '$1') : field;
}

function check(field: unknown, path: (string | number)[], avail: Avail, bad: FieldRef[]): void {
  if (typeof field !== 'string' || field === '*' || field === '') return;
  if (!has(avail, field)) bad.push({ field, ptr: pointer(path) });
}

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function walkView(node: unknown, path: (string | number)[], inherited: Avail, bad: FieldRef[]): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const spec = node as Spec;
  // A nested view with its own data reads other fields: leave it alone.
  let avail: Avail = spec.data !== undefined && path.length > 0 ? null : inherited && new Set(inherited);
  if (Array.isArray(spec.transform)) spec.transform.forEach((t: unknown, i: number) => (avail = walkTransform(t, [...path, 'transform', i], avail, bad)));
  if (spec.encoding && typeof spec.encoding === 'object') walkEncoding(spec.encoding, [...path, 'encoding'], avail, bad);
  if (spec.facet && typeof spec.facet === 'object') {
    if (typeof spec.facet.field === 'string') walkChannel(spec.facet, [...path, 'facet'], avail, bad);
    else for (const k of ['row', 'column']) if (spec.facet[k]) walkChannel(spec.facet[k], [...path, 'facet', k], avail, bad);
  }
  if (spec.repeat) {
    const lists = Array.isArray(spec.repeat) ? { '': spec.repeat } : spec.repeat;
    for (const [k, list] of Object.entries(lists as Spec))
      arr(list).forEach((f, i) => check(f, k ? [...path, 'repeat', k, i] : [...path, 'repeat', i], avail, bad));
  }
  for (const k of ['layer', 'concat', 'hconcat', 'vconcat']) if (Array.isArray(spec[k])) spec[k].forEach((s: unknown, i: number) => walkView(s, [...path, k, i], avail, bad));
  if (spec.spec) walkView(spec.spec, [...path, 'spec'], avail, bad);
}

function walkEncoding(enc: Spec, path: (string | number)[], avail: Avail, bad: FieldRef[]): void {
  for (const [channel, def] of Object.entries(enc)) {
    if (Array.isArray(def)) def.forEach((d, i) => walkChannel(d, [...path, channel, i], avail, bad));
    else walkChannel(def, [...path, channel], avail, bad);
  }
}

function walkChannel(def: unknown, path: (string | number)[], avail: Avail, bad: FieldRef[]): void {
  if (!def || typeof def !== 'object') return;
  const d = def as Spec;
  check(d.field, [...path, 'field'], avail, bad);
  if (d.sort && typeof d.sort === 'object' && !Array.isArray(d.sort)) check(d.sort.field, [...path, 'sort', 'field'], avail, bad);
  for (const k of CHANNEL_DEF_KEYS) {
    const c = d[k];
    if (Array.isArray(c)) c.forEach((x, i) => walkCondition(x, [...path, k, i], avail, bad));
    else if (c) walkCondition(c, [...path, k], avail, bad);
  }
}

function walkCondition(c: unknown, path: (string | number)[], avail: Avail, bad: FieldRef[]): void {
  if (!c || typeof c !== 'object') return;
  const d = c as Spec;
  if (typeof d.test === 'string') exprFields(d.test, [...path, 'test'], avail, bad);
  else if (d.test) walkPredicate(d.test, [...path, 'test'], avail, bad);
  walkChannel(d, path, avail, bad);
}

const EXPR_FIELD = /\bdatum\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(['"])((?:\\.|(?!\2).)*)\2\s*\])/g;

function exprFields(expr: string, path: (string | number)[], avail: Avail, bad: FieldRef[]): void {
  for (const m of expr.matchAll(EXPR_FIELD)) {
    const field = m[1] ?? m[3].replace(/\\(.)/g, '$1');
    if (avail && !avail.has(field)) bad.push({ field, ptr: pointer(path) });
  }
}

function walkPredicate(p: unknown, path: (string | number)[], avail: Avail, bad: FieldRef[]): void {
  if (typeof p === 'string') return exprFields(p, path, avail, bad);
  if (!p || typeof p !== 'object') return;
  const d = p as Spec;
  for (const k of ['and', 'or']) if (Array.isArray(d[k])) d[k].forEach((x: unknown, i: number) => walkPredicate(x, [...path, k, i], avail, bad));
  if (d.not) walkPredicate(d.not, [...path, 'not'], avail, bad);
  check(d.field, [...path, 'field'], avail, bad);
}

/** Checks one transform's inputs, returns the fields available after it. */
function walkTransform(t: unknown, path: (string | number)[], avail: Avail, bad: FieldRef[]): Avail {
  if (!t || typeof t !== 'object') return avail;
  const d = t as Spec;
  const at = (...k: (string | number)[]) => [...path, ...k];
  const fields = (key: string) => arr(d[key]).forEach((f, i) => check(f, Array.isArray(d[key]) ? at(key, i) : at(key), avail, bad));
  const add = (...names: unknown[]) => {
    if (avail) for (const n of names.flat()) if (typeof n === 'string') avail.add(n);
    return avail;
  };
  if ('filter' in d) return walkPredicate(d.filter, at('filter'), avail, bad), avail;
  if ('calculate' in d) return exprFields(String(d.calculate), at('calculate'), avail, bad), add(d.as);
  if ('aggregate' in d) {
    arr(d.aggregate).forEach((a, i) => check((a as Spec)?.field, at('aggregate', i, 'field'), avail, bad));
    fields('groupby');
    return avail && new Set([...arr(d.groupby), ...arr(d.aggregate).map((a) => (a as Spec)?.as)].filter((x): x is string => typeof x === 'string'));
  }
  if ('joinaggregate' in d || 'window' in d) {
    const key = 'joinaggregate' in d ? 'joinaggregate' : 'window';
    arr(d[key]).forEach((a, i) => check((a as Spec)?.field, at(key, i, 'field'), avail, bad));
    fields('groupby');
    arr(d.sort).forEach((s, i) => check((s as Spec)?.field, at('sort', i, 'field'), avail, bad));
    return add(arr(d[key]).map((a) => (a as Spec)?.as));
  }
  if ('bin' in d || 'timeUnit' in d) {
    check(d.field, at('field'), avail, bad);
    return add(d.as, ...(typeof d.as === 'string' ? [`${d.as}_end`] : []));
  }
  if ('fold' in d) return fields('fold'), add(d.as ?? ['key', 'value']);
  if ('flatten' in d) return fields('flatten'), add(d.as ?? []);
  if ('stack' in d) return check(d.stack, at('stack'), avail, bad), fields('groupby'), add(d.as);
  if ('impute' in d) return check(d.impute, at('impute'), avail, bad), check(d.key, at('key'), avail, bad), fields('groupby'), avail;
  if ('density' in d || 'quantile' in d) {
    const key = 'density' in d ? 'density' : 'quantile';
    check(d[key], at(key), avail, bad);
    fields('groupby');
    return avail && new Set([...arr(d.groupby), ...arr(d.as ?? (key === 'density' ? ['value', 'density'] : ['prob', 'value']))].filter((x): x is string => typeof x === 'string'));
  }
  if ('regression' in d || 'loess' in d) {
    const key = 'regression' in d ? 'regression' : 'loess';
    check(d[key], at(key), avail, bad);
    check(d.on, at('on'), avail, bad);
    fields('groupby');
    return avail && new Set([...arr(d.groupby), ...arr(d.as ?? [d.on, d[key]])].filter((x): x is string => typeof x === 'string'));
  }
  if ('sample' in d) return avail;
  if ('extent' in d) return check(d.extent, at('extent'), avail, bad), avail;
  if ('lookup' in d) {
    check(d.lookup, at('lookup'), avail, bad);
    return d.as || d.from?.fields ? add(d.as ?? d.from.fields) : null;
  }
  return null; // pivot and anything new: outputs depend on the data
}
