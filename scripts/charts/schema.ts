// Validation against the Vega-Lite JSON schema that vega-lite ships. Compiling
// the validator costs ~0.8 s, so it happens once per process and only when a
// spec's text has not been validated before (results are cached by hash).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

/** Stats for tests and the bench: how often the validator was compiled and run. */
export const schemaStats = { compiles: 0, compileMs: 0, validations: 0 };

function compileValidator(): ValidateFunction {
  const t = performance.now();
  // Descriptions are three quarters of the schema and useless to a validator.
  const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'), (k, v) =>
    (k === 'description' || k === 'markdownDescription') && typeof v === 'string' ? undefined : v,
  );
  // Not inlining $refs and not optimising halves the compile time; validation stays a few ms.
  const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateSchema: false, logger: false, inlineRefs: false, code: { optimize: false } });
  const v = ajv.compile(schema);
  schemaStats.compiles++;
  schemaStats.compileMs += performance.now() - t;
  return v;
}

export interface SchemaProblem {
  /** JSON pointer of the offending node. */
  ptr: string;
  /** Whether the place is the member's key (unknown property) rather than its value. */
  at: 'key' | 'value';
  detail: string;
}

/** Null when the spec is valid Vega-Lite, else the most useful of the schema's complaints. */
export function schemaProblem(spec: unknown): SchemaProblem | null {
  validator ??= compileValidator();
  schemaStats.validations++;
  if (validator(spec)) return null;
  return summarise(validator.errors ?? []);
}

const depth = (p: string) => (p === '' ? 0 : p.split('/').length - 1);
const show = (v: unknown) => JSON.stringify(v);

/**
 * A Vega-Lite spec matches one of many alternatives (anyOf), so ajv reports a
 * complaint per alternative. An unknown property named by most alternatives is
 * almost always a typo; else the deepest complaint is closest to the mistake.
 */
export function summarise(errors: ErrorObject[]): SchemaProblem {
  const extra = new Map<string, { ptr: string; prop: string; n: number }>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const prop = String((e.params as { additionalProperty: string }).additionalProperty);
    const ptr = `${e.instancePath}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const hit = extra.get(ptr) ?? { ptr, prop, n: 0 };
    hit.n++;
    extra.set(ptr, hit);
  }
  // A property every alternative rejects is unknown; one that only some reject just picks another alternative.
  const unknown = [...extra.values()].sort((a, b) => b.n - a.n || depth(b.ptr) - depth(a.ptr))[0];
  const deepest = Math.max(...errors.map((e) => depth(e.instancePath)));
  const here = errors.filter((e) => depth(e.instancePath) === deepest);
  if (unknown && (depth(unknown.ptr) > deepest || !here.some((e) => e.keyword === 'enum' || e.keyword === 'const' || e.keyword === 'type')))
    return { ptr: unknown.ptr, at: 'key', detail: `unknown property "${unknown.prop}"${where(unknown.ptr.slice(0, unknown.ptr.lastIndexOf('/')))}` };

  const ptr = here[0]?.instancePath ?? '';
  const values = [
    ...new Set(
      here.flatMap((e) =>
        e.keyword === 'enum' ? (e.params as { allowedValues: unknown[] }).allowedValues : e.keyword === 'const' ? [(e.params as { allowedValue: unknown }).allowedValue] : [],
      ),
    ),
  ];
  const name = ptr ? `"${decodeURIComponent(ptr.slice(ptr.lastIndexOf('/') + 1)).replace(/~1/g, '/').replace(/~0/g, '~')}"` : 'the spec';
  // Image marks are valid Vega-Lite but refused by briefkit (they load files): do not suggest them.
  const allowed = /\/mark(\/type)?$/.test(ptr) ? values.filter((v) => v !== 'image') : values;
  if (allowed.length) {
    const list = allowed.slice(0, 20).map(show).join(', ') + (allowed.length > 20 ? ', …' : '');
    return { ptr, at: 'value', detail: `${name}${where(parentOf(ptr))} must be one of ${list}` };
  }
  const types = [...new Set(here.filter((e) => e.keyword === 'type').map((e) => String((e.params as { type: string }).type)))];
  if (types.length) return { ptr, at: 'value', detail: `${name}${where(parentOf(ptr))} must be ${types.join(' or ')}` };
  const required = here.find((e) => e.keyword === 'required');
  if (required) return { ptr, at: 'key', detail: `${name} needs "${(required.params as { missingProperty: string }).missingProperty}"` };
  const first = here[0] ?? errors[0];
  return { ptr, at: 'value', detail: `${name} ${first?.message ?? 'does not match the schema'}` };
}

function parentOf(ptr: string): string {
  return ptr.slice(0, ptr.lastIndexOf('/'));
}

function where(ptr: string): string {
  return ptr ? ` in ${ptr.slice(1).split('/').join('.')}` : '';
}
