// Data values in prose and templates: {{count stations}}, {{sum stations "personnel" where="…"}}.
// One implementation serves both: Handlebars in templates, and a small reader for prose that
// accepts helper calls only (no blocks, partials or raw HTML) and locates every problem.
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import countries from 'i18n-iso-countries/index.js'; // without the node entry's every-locale preload
import { describeRule, type Reporter, type RuleArgs, type RuleId } from '../messages.ts';
import type { Cell, Dataset, Datasets, Place, Row } from '../types.ts';
import { displayCell, formatQuantity, NULL_DISPLAY } from './display.ts';
import { compileWhere, hasColumn, knownColumns, scopeRows, type Scope } from './select.ts';
import { evaluate } from './where.ts';
import { placeInText } from '../places.ts';
import { PLURAL_FORMS, pluralCategories, pluralText, selectText } from '../words/plural.ts';

export interface HelperContext {
  datasets: Datasets;
  language: string;
  /** Country packs: prose values count only the pack country's rows. */
  scope?: Scope;
  /** Datasets brief.yaml declares but that failed to load (already reported): no second message. */
  unavailable?: ReadonlySet<string>;
}

type Args = Record<string, string | number>;

/** A problem found while running a helper; prose reports it at the `{{`, templates throw it. */
export class HelperProblem<R extends RuleId = RuleId> extends Error {
  constructor(
    readonly rule: R,
    readonly args: RuleArgs<R>,
  ) {
    super(describeRule(rule, args));
  }
}

/** A value that cannot be computed for a reason already reported elsewhere. */
export class AlreadyReported extends Error {}

/** A bare name in prose (`stations` in {{count stations}}): a dataset, never a variable. */
export class Identifier {
  constructor(readonly name: string) {}
}

/** A number that prints formatted for the brief's language but still computes as a number. */
export class Quantity {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
  [Symbol.toPrimitive](hint: string): string | number {
    return hint === 'number' ? this.value : this.text;
  }
  toString(): string {
    return this.text;
  }
}

interface Call {
  name: string;
  params: unknown[];
  hash: Record<string, unknown>;
}

interface Helper {
  usage: string;
  params: number; // how many positional arguments
  options: string[] | 'any'; // allowed hash keys (select takes any: its keys are the values it tells apart)
  run: (call: Call, ctx: HelperContext) => unknown;
}

const fail = <R extends RuleId>(rule: R, args: RuleArgs<R>): never => {
  throw new HelperProblem(rule, args);
};

function isDataset(v: unknown): v is Dataset {
  return !!v && typeof v === 'object' && Array.isArray((v as Dataset).rows) && Array.isArray((v as Dataset).columns);
}

function datasetArg(call: Call, ctx: HelperContext, usage: string): Dataset {
  const v = call.params[0];
  if (isDataset(v)) return v;
  const name = v instanceof Identifier ? v.name : typeof v === 'string' ? v : null;
  if (name === null) return fail('helper-arguments', { name: call.name, detail: 'needs a dataset first', usage });
  const dataset = ctx.datasets.get(name);
  if (dataset) return dataset;
  if (ctx.unavailable?.has(name)) throw new AlreadyReported(name);
  return fail('dataset-unknown', { name, known: [...ctx.datasets.keys()].join(', ') });
}

function columnArg(call: Call, dataset: Dataset, usage: string, kinds?: { types: string[]; what: string }): string {
  const v = call.params[1];
  if (v instanceof Identifier) return fail('helper-arguments', { name: call.name, detail: `takes the column in quotes: "${v.name}"`, usage });
  if (typeof v !== 'string') return fail('helper-arguments', { name: call.name, detail: 'needs a column name after the dataset', usage });
  if (!hasColumn(dataset, v)) return fail('column-unknown', { dataset: dataset.name, column: v, known: knownColumns(dataset) });
  const type = dataset.columns.find((c) => c.name === v)!.type;
  if (kinds && !kinds.types.includes(type)) return fail('helper-arguments', { name: call.name, detail: `needs ${kinds.what} column; "${v}" holds ${type} values`, usage });
  return v;
}

/** The dataset's rows for this call: pack scope, then where="…". */
function rowsFor(call: Call, dataset: Dataset, ctx: HelperContext): Row[] {
  const rows = scopeRows(dataset, dataset.rows, ctx.scope);
  const where = call.hash.where;
  if (where === undefined) return rows;
  if (typeof where !== 'string') return fail('helper-arguments', { name: call.name, detail: 'takes where="…" as a quoted expression', usage: HELPERS[call.name].usage });
  const { ast, problems } = compileWhere(dataset, where);
  if (!ast) throw new HelperProblem(problems[0].rule, problems[0].args);
  return rows.filter((r) => evaluate(ast, r));
}

function extreme(call: Call, ctx: HelperContext, pick: (a: Cell, b: Cell) => boolean): unknown {
  const usage = HELPERS[call.name].usage;
  const dataset = datasetArg(call, ctx, usage);
  const column = columnArg(call, dataset, usage, { types: ['number', 'integer', 'date'], what: 'a number or date' });
  let best: Cell = null;
  for (const row of rowsFor(call, dataset, ctx)) {
    const v = row[column];
    if (v !== null && (best === null || pick(v, best))) best = v;
  }
  // Shown as the same value would be in a table (years stay "2016").
  return typeof best === 'number' ? new Quantity(best, displayCell(best, ctx.language)) : (best ?? NULL_DISPLAY);
}

const localeRequire = createRequire(import.meta.url);
const registered = new Set<string>();

/**
 * Country names in the brief's language; English where the library has no such language. Chinese
 * names come from CLDR through Intl.DisplayNames instead: i18n-iso-countries has Simplified
 * Chinese only, and names Taiwan "中国台湾省", which a brief must not say on its own authority.
 */
export function countryName(code: string, language: string): string | undefined {
  const base = language.split('-')[0].toLowerCase();
  if (base === 'zh') {
    const name = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }).of(code.toUpperCase());
    if (name) return name;
  }
  for (const lang of [base, 'en']) {
    if (!registered.has(lang)) {
      try {
        countries.registerLocale(localeRequire(`i18n-iso-countries/langs/${lang}.json`));
      } catch {
        continue;
      }
      registered.add(lang);
    }
    return countries.getName(code.toUpperCase(), lang);
  }
  return undefined;
}

export const HELPERS: Record<string, Helper> = {
  count: {
    usage: 'write {{count dataset}} or {{count dataset where="country == \'IT\'"}}',
    params: 1,
    options: ['where'],
    run: (call, ctx) => {
      const n = rowsFor(call, datasetArg(call, ctx, HELPERS.count.usage), ctx).length;
      return new Quantity(n, formatQuantity(n, ctx.language));
    },
  },
  distinct: {
    usage: 'write {{distinct dataset "column"}}, optionally with where="…"',
    params: 2,
    options: ['where'],
    run: (call, ctx) => {
      const dataset = datasetArg(call, ctx, HELPERS.distinct.usage);
      const column = columnArg(call, dataset, HELPERS.distinct.usage);
      const values = new Set<string>();
      for (const row of rowsFor(call, dataset, ctx)) if (row[column] !== null) values.add(`${typeof row[column]}:${row[column]}`);
      return new Quantity(values.size, formatQuantity(values.size, ctx.language));
    },
  },
  sum: {
    usage: 'write {{sum dataset "column"}}, optionally with where="…"; the column must hold numbers',
    params: 2,
    options: ['where'],
    run: (call, ctx) => {
      const dataset = datasetArg(call, ctx, HELPERS.sum.usage);
      const column = columnArg(call, dataset, HELPERS.sum.usage, { types: ['number', 'integer'], what: 'a numeric' });
      let total = 0;
      for (const row of rowsFor(call, dataset, ctx)) total += (row[column] as number | null) ?? 0;
      return new Quantity(total, formatQuantity(total, ctx.language));
    },
  },
  min: {
    usage: 'write {{min dataset "column"}}, optionally with where="…"; the column must hold numbers or dates',
    params: 2,
    options: ['where'],
    run: (call, ctx) => extreme(call, ctx, (a, b) => (a as number | string) < (b as number | string)),
  },
  max: {
    usage: 'write {{max dataset "column"}}, optionally with where="…"; the column must hold numbers or dates',
    params: 2,
    options: ['where'],
    run: (call, ctx) => extreme(call, ctx, (a, b) => (a as number | string) > (b as number | string)),
  },
  format: {
    usage: 'write {{format 1234}} or {{format (sum dataset "column")}}',
    params: 1,
    options: [],
    run: (call, ctx) => {
      const v = call.params[0];
      const n = v instanceof Quantity ? v.value : typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) return fail('helper-arguments', { name: 'format', detail: 'needs a number', usage: HELPERS.format.usage });
      return formatQuantity(n, ctx.language);
    },
  },
  country: {
    usage: 'write {{country "IT"}} with an ISO 3166-1 alpha-2 code',
    params: 1,
    options: [],
    run: (call, ctx) => {
      const v = call.params[0];
      const code = v instanceof Identifier ? v.name : v;
      const name = typeof code === 'string' && /^[A-Za-z]{2}$/.test(code) ? countryName(code, ctx.language) : undefined;
      return name ?? fail('helper-arguments', { name: 'country', detail: `"${String(code ?? '')}" is not an ISO 3166-1 alpha-2 country code`, usage: HELPERS.country.usage });
    },
  },
  plural: {
    usage: 'write {{plural (count stations) one="# station" other="# stations"}}: # is the number; the forms are zero, one, two, few, many and other',
    params: 1,
    options: [...PLURAL_FORMS],
    run: (call, ctx) => {
      const v = call.params[0];
      const n = v instanceof Quantity ? v.value : typeof v === 'number' ? v : NaN;
      if (!Number.isFinite(n)) return fail('helper-arguments', { name: 'plural', detail: 'needs a number first, such as (count stations)', usage: HELPERS.plural.usage });
      const forms = textOptions(call, HELPERS.plural.usage);
      if (forms.other === undefined) return fail('plural-other-missing', { name: 'plural', forms: pluralCategories(ctx.language).join(', ') });
      return pluralText(ctx.language, n, v instanceof Quantity ? v.text : formatQuantity(n, ctx.language), forms);
    },
  },
  select: {
    usage: 'write {{select value north="in the north" other="elsewhere"}}: the text of the option the value names, else other',
    params: 1,
    options: 'any',
    run: (call, ctx) => {
      const v = call.params[0];
      if (v === undefined || v instanceof Identifier) return fail('helper-arguments', { name: 'select', detail: v ? `takes a value, not the bare name ${v.name}` : 'needs a value first', usage: HELPERS.select.usage });
      const options = textOptions(call, HELPERS.select.usage);
      if (options.other === undefined) return fail('plural-other-missing', { name: 'select', forms: '' });
      return selectText(String(v), options);
    },
  },
};

/** A helper's hash as texts; each must be a quoted string. */
function textOptions(call: Call, usage: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(call.hash)) {
    if (typeof value !== 'string') return fail('helper-arguments', { name: call.name, detail: `takes ${key}="…" as quoted text`, usage });
    out[key] = value;
  }
  return out;
}

/** Runs one helper call, checking the argument count and options first. */
export function runHelper(call: Call, ctx: HelperContext): unknown {
  const helper = HELPERS[call.name] ?? fail('helper-unknown', { name: call.name });
  if (call.params.length > helper.params) {
    fail('helper-arguments', { name: call.name, detail: `takes ${helper.params} argument${helper.params === 1 ? '' : 's'}, got ${call.params.length}`, usage: helper.usage });
  }
  for (const key of Object.keys(call.hash)) {
    if (helper.options !== 'any' && !helper.options.includes(key)) fail('helper-arguments', { name: call.name, detail: `has no option ${key}=`, usage: helper.usage });
  }
  return helper.run(call, ctx);
}

/**
 * The same helpers for the Handlebars templates. A bare dataset name (`{{count stations}}`)
 * resolves through the template context (put the Dataset there) or, when templates are
 * compiled with `trackIds: true`, through its written name. Problems throw HelperProblem.
 */
export function registerDataHelpers(hb: typeof Handlebars, ctx: HelperContext): void {
  for (const name of Object.keys(HELPERS)) {
    hb.registerHelper(name, (...args: unknown[]) => {
      const options = args.pop() as Handlebars.HelperOptions & { ids?: (string | undefined)[] };
      const params = args.map((a, i) => (a === undefined && typeof options.ids?.[i] === 'string' ? new Identifier(options.ids[i]!) : a));
      return runHelper({ name, params, hash: options.hash ?? {} }, ctx);
    });
  }
}

// ——— prose ———

type ProseExpr = { kind: 'call'; call: { name: string; params: ProseExpr[]; hash: [string, ProseExpr][] } } | { kind: 'literal'; value: string | number | boolean | null } | { kind: 'id'; name: string };

class ProseSyntax extends Error {}

const NAME = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?![A-Za-z_])/y;

/** Reads one `{{…}}` starting after the `{{`; returns the expression and the offset after `}}`. */
class MustacheReader {
  constructor(
    private readonly text: string,
    private i: number,
  ) {}

  read(): { expr: ProseExpr; end: number } {
    this.space();
    const expr = this.call(true);
    this.space();
    if (!this.text.startsWith('}}', this.i)) throw new ProseSyntax(this.i >= this.text.length ? 'it is never closed with }}' : `unexpected "${this.text[this.i]}"; close the value with }}`);
    return { expr, end: this.i + 2 };
  }

  private space(): void {
    while (/\s/.test(this.text[this.i] ?? '')) this.i++;
  }

  private name(): string | null {
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.text);
    if (!m) return null;
    this.i += m[0].length;
    return m[0];
  }

  private call(top: boolean): ProseExpr {
    const name = this.name();
    if (name === null) throw new ProseSyntax(this.text.startsWith('}}', this.i) ? 'it is empty' : `expected a helper name, got "${this.text[this.i] ?? ''}"`);
    const params: ProseExpr[] = [];
    const hash: [string, ProseExpr][] = [];
    for (;;) {
      const before = this.i;
      this.space();
      const c = this.text[this.i];
      if (c === undefined || this.text.startsWith('}}', this.i) || (!top && c === ')')) break;
      if (this.i === before) throw new ProseSyntax(`expected a space before "${c}"`);
      const save = this.i;
      const key = this.name();
      if (key !== null && this.text[this.i] === '=') {
        this.i++;
        hash.push([key, this.value()]);
        continue;
      }
      this.i = save;
      if (hash.length) throw new ProseSyntax('options like where="…" come after the other arguments');
      params.push(this.value());
    }
    return { kind: 'call', call: { name, params, hash } };
  }

  private value(): ProseExpr {
    const c = this.text[this.i];
    if (c === '"' || c === "'") {
      const close = this.text.indexOf(c, this.i + 1);
      if (close < 0) throw new ProseSyntax(`a string opened with ${c} is never closed`);
      const value = this.text.slice(this.i + 1, close);
      this.i = close + 1;
      return { kind: 'literal', value };
    }
    if (c === '(') {
      this.i++;
      this.space();
      const inner = this.call(false);
      this.space();
      if (this.text[this.i] !== ')') throw new ProseSyntax('a ( is never closed with )');
      this.i++;
      return inner;
    }
    NUMBER.lastIndex = this.i;
    const num = NUMBER.exec(this.text);
    if (num) {
      this.i += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    const name = this.name();
    if (name === null) throw new ProseSyntax(`unexpected "${c}"`);
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'null') return { kind: 'literal', value: null };
    return { kind: 'id', name };
  }
}

function evaluateExpr(expr: ProseExpr, ctx: HelperContext, top: boolean): unknown {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind === 'id') return new Identifier(expr.name);
  const { name, params, hash } = expr.call;
  // {{stations}} alone names no helper: say so rather than print nothing.
  if (top && !HELPERS[name] && params.length === 0 && hash.length === 0) fail('helper-unknown', { name });
  return runHelper({ name, params: params.map((p) => evaluateExpr(p, ctx, false)), hash: Object.fromEntries(hash.map(([k, v]) => [k, evaluateExpr(v, ctx, false)])) }, ctx);
}

// Handlebars constructs that prose refuses, by the character after `{{`.
const REFUSED: Record<string, string> = {
  '#': 'a {{#…}} block',
  '/': 'a {{/…}} block end',
  '^': 'a {{^…}} block',
  '>': 'a {{>…}} partial',
  '!': 'a {{!…}} comment',
  '&': 'unescaped {{&…}} output',
  '~': 'whitespace control {{~…}}',
};

/** Maps an offset in the text to its place; the default assumes the text is the source. */
export type Locate = (offset: number) => Place;

export function locateInText(text: string, place: Place): Locate {
  return (offset) => placeInText(place, text, offset);
}

/**
 * Evaluates the `{{…}}` values in a plain text (a markdown text node, a caption) and returns the
 * text with each replaced by its value. Problems are reported at the `{{` and leave it as written.
 */
export function evaluateProse({ text, place, ctx, reporter, locate }: { text: string; place: Place; ctx: HelperContext; reporter: Reporter; locate?: Locate }): string {
  if (!text.includes('{{')) return text;
  const at = locate ?? locateInText(text, place);
  let out = '';
  let from = 0;
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', from)) {
    out += text.slice(from, i);
    const step = evaluateOne({ text, i, ctx, reporter, place: at(i) });
    out += step.output;
    from = step.end;
  }
  return out + text.slice(from);
}

function evaluateOne({ text, i, ctx, reporter, place }: { text: string; i: number; ctx: HelperContext; reporter: Reporter; place: Place }): { output: string; end: number } {
  const asWritten = (end: number) => ({ output: text.slice(i, end), end });
  if (text.startsWith('{{{', i)) {
    const close = text.indexOf('}}}', i + 3);
    reporter.report(place, 'prose-template', { what: 'raw HTML through {{{…}}}' });
    return asWritten(close < 0 ? text.length : close + 3);
  }
  const sigil = /^\s*(.)/.exec(text.slice(i + 2, i + 4))?.[1] ?? '';
  if (REFUSED[sigil] || /^\s*else\b/.test(text.slice(i + 2, i + 12))) {
    const close = text.indexOf('}}', i + 2);
    reporter.report(place, 'prose-template', { what: REFUSED[sigil] ?? 'an {{else}}' });
    return asWritten(close < 0 ? text.length : close + 2);
  }
  let read: { expr: ProseExpr; end: number };
  try {
    read = new MustacheReader(text, i + 2).read();
  } catch (e) {
    if (!(e instanceof ProseSyntax)) throw e;
    reporter.report(place, 'prose-syntax', { detail: e.message });
    const close = text.indexOf('}}', i + 2);
    return asWritten(close < 0 ? text.length : close + 2);
  }
  try {
    const value = evaluateExpr(read.expr, ctx, true);
    return { output: value === null || value === undefined ? '' : String(value), end: read.end };
  } catch (e) {
    if (e instanceof AlreadyReported) return asWritten(read.end);
    if (!(e instanceof HelperProblem)) throw e;
    reporter.report(place, e.rule, e.args);
    return asWritten(read.end);
  }
}
