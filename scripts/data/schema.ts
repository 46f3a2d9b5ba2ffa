// Reads `<name>.schema.json` beside a dataset: a JSON Schema for one row. The column types drive
// conversion (cells.ts); the common keywords (pattern, minimum, minLength…) are checked here and
// any other keyword by ajv.
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { Column, ColumnType } from '../types.ts';

// ajv and ajv-formats (CommonJS) load on the first keyword the simple checks do not cover:
// most schemas have none, and loading them costs a cold `brief check` ~50 ms.
const require = createRequire(import.meta.url);
let shared: Ajv | null = null;
function ajv(): Ajv {
  if (shared) return shared;
  const { Ajv } = require('ajv') as typeof import('ajv');
  const addFormats = require('ajv-formats') as { default?: unknown };
  return (shared = ((addFormats.default ?? addFormats) as (ajv: Ajv) => Ajv)(new Ajv({ strict: false, allErrors: false })));
}

export interface SchemaColumn {
  column: Column;
  required: boolean;
  /** Checks the keywords conversion doesn't cover: null when the value passes, else a phrase
   * such as "must not be empty". Absent when there is nothing to check. */
  check?: (value: string | number | boolean) => string | null;
}

export interface DatasetSchema {
  file: string; // relative to the root
  columns: Map<string, SchemaColumn>;
  additionalProperties: boolean;
}

export type SchemaProblem = { detail: string; offset: number };

const TYPES = ['string', 'number', 'integer', 'boolean'];
// Annotations, and the keywords conversion already enforces.
const HANDLED = new Set(['type', 'enum', 'title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/** Offset of `"name"` in the schema text, so a problem points at the property. */
function offsetOf(text: string, name: string): number {
  const i = text.indexOf(JSON.stringify(name));
  return i < 0 ? 0 : i;
}

/** Offset of a JSON.parse error, from its "at position N" message. */
export function jsonErrorOffset(error: unknown): number {
  const m = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  return m ? Number(m[1]) : 0;
}

/** JSON.parse's message without the position (the message is located already). */
export function jsonErrorDetail(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/ in JSON at position \d+.*$/s, '');
}

/** ajv's first error as a phrase after `"value" in column "x"`. */
function describeInvalid(validate: ValidateFunction): string {
  const e = validate.errors?.[0];
  if (!e) return 'is not valid';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long`;
    case 'maxLength':
      return `must be at most ${p.limit} characters long`;
    case 'pattern':
      return `does not match the pattern ${p.pattern}`;
    case 'minimum':
      return `must be at least ${p.limit}`;
    case 'maximum':
      return `must be at most ${p.limit}`;
    case 'exclusiveMinimum':
      return `must be more than ${p.limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${p.limit}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'format':
      return `is not a valid ${p.format}`;
    default:
      return e.message ?? 'is not valid';
  }
}

function columnType(name: string, prop: Record<string, unknown>): { type: ColumnType; values?: string[] } | string {
  const declared = Array.isArray(prop.type) ? prop.type.filter((t) => t !== 'null') : prop.type === undefined ? [] : [prop.type];
  if (declared.length > 1) return `column "${name}" has several types (${declared.join(', ')}); give it one`;
  const type = declared[0] as string | undefined;
  if (type !== undefined && !TYPES.includes(type)) return `column "${name}" has type "${type}"; use one of ${TYPES.join(', ')}`;
  if (prop.enum !== undefined && !Array.isArray(prop.enum)) return `column "${name}": enum must be a list of values`;
  if (Array.isArray(prop.enum) && (type === undefined || type === 'string')) return { type: 'enum', values: prop.enum.map(String) };
  if (type === 'string' && prop.format === 'date') return { type: 'date' };
  return { type: (type ?? 'string') as ColumnType };
}

// Keywords checked here directly: compiling an ajv validator costs milliseconds per column,
// which `brief check` and `brief dev` would pay on every run.
const SIMPLE = new Set(['minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum']);
const compiled = new Map<string, ValidateFunction>();

type Check = NonNullable<SchemaColumn['check']>;

function simpleCheck(rest: Record<string, unknown>): Check {
  const checks: Check[] = [];
  const num = (k: string) => (typeof rest[k] === 'number' ? (rest[k] as number) : undefined);
  const [minLength, maxLength, minimum, maximum, exclMin, exclMax] = ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].map(num);
  const length = (v: unknown) => [...String(v)].length; // JSON Schema counts code points
  if (minLength !== undefined) checks.push((v) => (typeof v === 'string' && length(v) < minLength ? (minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters long`) : null));
  if (maxLength !== undefined) checks.push((v) => (typeof v === 'string' && length(v) > maxLength ? `must be at most ${maxLength} characters long` : null));
  if (typeof rest.pattern === 'string') {
    const re = new RegExp(rest.pattern, 'u');
    checks.push((v) => (typeof v === 'string' && !re.test(v) ? `does not match the pattern ${rest.pattern}` : null));
  }
  if (minimum !== undefined) checks.push((v) => (typeof v === 'number' && v < minimum ? `must be at least ${minimum}` : null));
  if (maximum !== undefined) checks.push((v) => (typeof v === 'number' && v > maximum ? `must be at most ${maximum}` : null));
  if (exclMin !== undefined) checks.push((v) => (typeof v === 'number' && v <= exclMin ? `must be more than ${exclMin}` : null));
  if (exclMax !== undefined) checks.push((v) => (typeof v === 'number' && v >= exclMax ? `must be less than ${exclMax}` : null));
  if (Array.isArray(rest.enum)) {
    const allowed = rest.enum;
    checks.push((v) => (allowed.includes(v) ? null : `must be one of ${allowed.join(', ')}`));
  }
  return (v) => {
    for (const c of checks) {
      const problem = c(v);
      if (problem) return problem;
    }
    return null;
  };
}

function checkFor(prop: Record<string, unknown>, type: ColumnType): Check | undefined {
  const rest = Object.fromEntries(Object.entries(prop).filter(([k]) => !HANDLED.has(k) && !(k === 'format' && type === 'date')));
  // Enums on numbers are checked here; string enums are checked during conversion.
  if (type !== 'enum' && prop.enum !== undefined) rest.enum = prop.enum;
  const keys = Object.keys(rest);
  if (!keys.length) return undefined;
  if (keys.every((k) => SIMPLE.has(k))) return simpleCheck(rest);
  const key = JSON.stringify(rest);
  let validate = compiled.get(key);
  if (!validate) compiled.set(key, (validate = ajv().compile(rest)));
  const v = validate;
  return (value) => (v(value) ? null : describeInvalid(v));
}

export function readSchema(file: string, text: string): { ok: true; schema: DatasetSchema } | { ok: false; problems: SchemaProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ detail: jsonErrorDetail(e), offset: jsonErrorOffset(e) }] };
  }
  const root = raw as Record<string, unknown>;
  if (!root || typeof root !== 'object' || Array.isArray(root) || !root.properties || typeof root.properties !== 'object') {
    return { ok: false, problems: [{ detail: 'it needs "properties": { "<column>": { "type": … } }', offset: 0 }] };
  }
  const problems: SchemaProblem[] = [];
  const required = new Set(Array.isArray(root.required) ? root.required.map(String) : []);
  const columns = new Map<string, SchemaColumn>();
  for (const [name, value] of Object.entries(root.properties as Record<string, unknown>)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ detail: `column "${name}" must be an object like { "type": "string" }`, offset: offsetOf(text, name) });
      continue;
    }
    const prop = value as Record<string, unknown>;
    const typed = columnType(name, prop);
    if (typeof typed === 'string') {
      problems.push({ detail: typed, offset: offsetOf(text, name) });
      continue;
    }
    let check: Check | undefined;
    try {
      check = checkFor(prop, typed.type);
    } catch (e) {
      problems.push({ detail: `column "${name}": ${e instanceof Error ? e.message : String(e)}`, offset: offsetOf(text, name) });
      continue;
    }
    const column: Column = { name, type: typed.type, ...(typed.values ? { values: typed.values } : {}) };
    if (typeof prop.title === 'string') column.label = prop.title;
    if (typeof prop.description === 'string') column.description = prop.description;
    columns.set(name, { column, required: required.has(name), check });
  }
  for (const name of required) {
    if (!Object.hasOwn(root.properties as object, name)) problems.push({ detail: `"required" names "${name}", which is not under "properties"`, offset: offsetOf(text, name) });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, schema: { file, columns, additionalProperties: root.additionalProperties !== false } };
}
