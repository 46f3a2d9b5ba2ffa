// Reading and checking a chart spec: the path, the JSON, briefkit's own
// options, the Vega-Lite schema, and that every field is a dataset column.
// Problems are reported with their place in the spec file.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveInside } from '../config/paths.ts';
import type { Reporter } from '../messages.ts';
import type { Brief, Dataset, Place, Row } from '../types.ts';
import { unknownFields } from './fields.ts';
import { JsonSyntaxError, locate, parseJson, type Located } from './json.ts';
import { cacheKey } from '../cache.ts';
import { packageVersion } from '../version.ts';

type Spec = Record<string, any>;

export interface MapOptions {
  map: 'world';
  /** Dataset column holding ISO 3166-1 alpha-2 codes. */
  join: string;
  /** Legend entry for a country whose rows disagree on the colour field. */
  several: string;
}

/** How a map may reduce a country's rows to one colour value. */
export const MAP_AGGREGATES = ['count', 'sum', 'mean', 'average', 'min', 'max', 'distinct'];

export interface ChartRequest {
  brief: Brief;
  /** As written in ::chart{spec=…}, relative to brief.dir. */
  spec: string;
  dataset: Dataset;
  /** Already filtered. */
  rows: Row[];
  alt: string;
  /** The directive's place, for messages. */
  place: Place;
  /** ISO 3166-1 alpha-2 code of a country pack: emphasised on maps and bars. */
  highlight?: string;
  width?: number;
  height?: number;
}

export interface ChartContext {
  reporter: Reporter;
  /** Directory for rendered SVGs and schema markers: the project's .cache/ (config/paths.ts cacheDir). */
  cacheDir: string;
}

export interface SpecSource {
  /** Spec path relative to the project root, as shown in messages. */
  rel: string;
  text: string;
}

export interface CheckedSpec {
  src: SpecSource;
  doc: Located;
  /** The author's Vega-Lite, without the `briefkit` key. */
  vl: Spec;
  map?: MapOptions;
  /** Column whose value equals a pack's country code, for emphasising bars. */
  highlightColumn?: string;
}

/** Resolves and reads the spec file; reports path and read problems at the directive. */
export async function readSpec(req: ChartRequest, reporter: Reporter): Promise<SpecSource | null> {
  if (!req.alt || !req.alt.trim()) {
    reporter.report(req.place, 'chart-alt-missing');
    return null;
  }
  // A translated edition's own spec (translations/<lang>/charts/…) replaces the source's.
  const own = req.brief.translation ? resolveInside({ root: req.brief.root, base: req.brief.translation.dir, p: req.spec }) : null;
  const resolved = own?.ok && existsSync(own.abs) ? own : resolveInside({ root: req.brief.root, base: req.brief.dir, p: req.spec });
  if (!resolved.ok) {
    reporter.report(req.place, resolved.rule, { path: req.spec });
    return null;
  }
  try {
    return { rel: resolved.rel, text: await readFile(resolved.abs, 'utf8') };
  } catch {
    reporter.report(req.place, 'chart-spec-missing', { path: resolved.rel });
    return null;
  }
}

const BRIEFKIT_KEYS = ['map', 'join', 'several', 'highlight'];

/** Parses and checks the spec; null after reporting every problem found. */
export async function checkSpec(src: SpecSource, req: ChartRequest, ctx: ChartContext): Promise<CheckedSpec | null> {
  const { reporter } = ctx;
  const at = (pos: { line: number; column: number }): Place => ({ file: src.rel, ...pos });
  let doc: Located;
  try {
    doc = parseJson(src.text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    reporter.report(at(e.pos), 'chart-spec-json', { detail: e.message });
    return null;
  }
  const invalid = (ptr: string, detail: string, prefer: 'key' | 'value' = 'key') => {
    reporter.report(at(locate(doc, ptr, prefer)), 'chart-spec-invalid', { detail });
    return null;
  };
  if (!doc.value || typeof doc.value !== 'object' || Array.isArray(doc.value)) return invalid('', 'a spec is a JSON object ({ "mark": …, "encoding": … })');
  const { briefkit, ...vl } = doc.value as Spec;

  // briefkit's own options.
  let map: MapOptions | undefined;
  let highlightColumn: string | undefined;
  if (briefkit !== undefined) {
    if (!briefkit || typeof briefkit !== 'object' || Array.isArray(briefkit)) return invalid('/briefkit', '"briefkit" must be an object, e.g. { "map": "world", "join": "country" }', 'value');
    const extra = Object.keys(briefkit).find((k) => !BRIEFKIT_KEYS.includes(k));
    if (extra) return invalid(`/briefkit/${extra}`, `unknown property "${extra}" in briefkit (allowed: ${BRIEFKIT_KEYS.join(', ')})`);
    for (const k of ['join', 'several', 'highlight']) if (briefkit[k] !== undefined && typeof briefkit[k] !== 'string') return invalid(`/briefkit/${k}`, `briefkit.${k} must be a string`, 'value');
    if (briefkit.map !== undefined) {
      if (briefkit.map !== 'world') return invalid('/briefkit/map', `briefkit.map must be "world", got ${JSON.stringify(briefkit.map)}`, 'value');
      if (!briefkit.join) return invalid('/briefkit', 'a map needs "join": the column holding ISO 3166-1 alpha-2 country codes');
      const mark = typeof vl.mark === 'string' ? vl.mark : vl.mark?.type;
      if (mark !== 'geoshape') return invalid('/mark', 'a briefkit map takes "mark": "geoshape"', 'value');
      if (vl.transform !== undefined) return invalid('/transform', 'a briefkit map takes no transform: choose rows with where="…" on the ::chart directive');
      const channel = Object.entries((vl.encoding ?? {}) as Spec).find(([k, d]) => k !== 'color' && d && typeof d === 'object' && ('field' in d || 'aggregate' in d || 'condition' in d));
      if (channel) return invalid(`/encoding/${channel[0]}`, `a briefkit map shows data through "color" only; "${channel[0]}" may hold a fixed { "value": … }`);
      const agg = vl.encoding?.color?.aggregate;
      if (agg !== undefined && !MAP_AGGREGATES.includes(agg)) return invalid('/encoding/color/aggregate', `a map colours countries by ${MAP_AGGREGATES.join(', ')} of their rows`, 'value');
      map = { map: 'world', join: briefkit.join, several: briefkit.several ?? 'Several' };
    }
    highlightColumn = briefkit.highlight ?? briefkit.join;
  }
  if (!highlightColumn && req.brief.packs && req.brief.packs.dataset === req.dataset.name) highlightColumn = req.brief.packs.column;

  // What a static, offline figure cannot do.
  if (vl.data !== undefined) return invalid('/data', 'remove "data": a chart\'s rows come from ::chart{data=…}');
  const active = findActive(vl, '');
  if (active) return invalid(active.ptr, active.detail);

  let ok = true;
  if (!(await schemaValid(src.text, vl, ctx, (p) => invalid(p.ptr, p.detail, p.at)))) ok = false;

  const columns = req.dataset.columns.map((c) => c.name);
  const known = columns.join(', ');
  const unknownColumn = (column: string, ptr: string) => {
    reporter.report(at(locate(doc, ptr, 'value')), 'column-unknown', { dataset: req.dataset.name, column, known });
    ok = false;
  };
  if (briefkit?.join !== undefined && !columns.includes(briefkit.join)) unknownColumn(briefkit.join, '/briefkit/join');
  if (briefkit?.highlight !== undefined && !columns.includes(briefkit.highlight)) unknownColumn(briefkit.highlight, '/briefkit/highlight');
  for (const f of unknownFields(vl, columns)) unknownColumn(f.field, f.ptr);
  if (!ok) return null;
  return { src, doc, vl, map, highlightColumn };
}

/** Data from files or the network, images and links: refused, charts are offline and static. */
function findActive(node: unknown, ptr: string): { ptr: string; detail: string } | null {
  if (!node || typeof node !== 'object') return null;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const hit = findActive(node[i], `${ptr}/${i}`);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(node as Spec)) {
    const p = `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (k === 'url' && ptr.endsWith('/data')) return { ptr: p, detail: 'charts load no files or URLs: the rows come from ::chart{data=…}' };
    if (k === 'href') return { ptr: p, detail: '"href" links are not supported: charts are static images' };
    if ((k === 'mark' || k === 'type') && v === 'image') return { ptr: p, detail: 'image marks are not supported: charts load no outside resources' };
    const hit = findActive(v, p);
    if (hit) return hit;
  }
  return null;
}

const validated = new Set<string>();

/**
 * Schema check, skipped for spec texts that passed before (in this process or,
 * via a marker file, an earlier one): compiling the validator is the slow part.
 */
async function schemaValid(text: string, vl: Spec, ctx: ChartContext, fail: (p: { ptr: string; detail: string; at: 'key' | 'value' }) => null): Promise<boolean> {
  const key = cacheKey(['schema', packageVersion('vega-lite'), text]);
  const marker = path.join(ctx.cacheDir, 'valid', key);
  if (validated.has(key)) return true;
  if (await readFile(marker).then(() => true, () => false)) {
    validated.add(key);
    return true;
  }
  // Loaded only now: ajv and the compiled schema are the slow part of `brief check`.
  const { schemaProblem } = await import('./schema.ts');
  const problem = schemaProblem({ ...vl, data: { values: [] } });
  if (problem) {
    fail(problem);
    return false;
  }
  // Expressions are strings to the schema: parse them here, to point at the one that is wrong.
  const expr = await expressionProblem(vl);
  if (expr) {
    fail({ ...expr, at: 'value' });
    return false;
  }
  // The spec must also compile: the schema lets through some specs the compiler (or Vega) rejects.
  const compiled = await tryCompile({ ...vl, data: { values: [] } });
  if (compiled) {
    fail({ ptr: '', detail: compiled, at: 'value' });
    return false;
  }
  validated.add(key);
  await mkdir(path.dirname(marker), { recursive: true })
    .then(() => writeFile(marker, ''))
    .catch(() => undefined); // a read-only cache only costs time
  return true;
}

// Properties whose string value is a Vega expression.
const EXPRESSION_KEYS = new Set(['calculate', 'filter', 'test', 'expr', 'labelExpr']);

async function expressionProblem(spec: Spec): Promise<{ ptr: string; detail: string } | null> {
  const { parseExpression } = await import('vega');
  const walk = (node: unknown, ptr: string): { ptr: string; detail: string } | null => {
    if (!node || typeof node !== 'object') return null;
    for (const [k, v] of Object.entries(node as Spec)) {
      const p = `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (typeof v === 'string' && EXPRESSION_KEYS.has(k) && !Array.isArray(node)) {
        try {
          parseExpression(v);
        } catch (e) {
          return { ptr: p, detail: `the expression ${JSON.stringify(v)} cannot be read: ${(e as Error).message.split('\n')[0]}` };
        }
      }
      const hit = walk(v, p);
      if (hit) return hit;
    }
    return null;
  };
  return walk(spec, '');
}

/** The compiler's complaint, or null. Vega parses the result too: that catches bad expressions. */
async function tryCompile(spec: Spec): Promise<string | null> {
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  try {
    vega.parse(compile(spec as never, { logger: silentLogger }).spec);
    return null;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

const silentLogger = {
  level() {
    return 0;
  },
  warn() {
    return this;
  },
  info() {
    return this;
  },
  debug() {
    return this;
  },
  error() {
    return this;
  },
} as never;
