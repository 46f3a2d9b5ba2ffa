// Binds data into parsed chapters: {{…}} values in text, ::table models, ::chart SVGs. Returns new
// trees (the same parsed chapters are bound again for every country pack).
import type { Parent, Root, Text } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { visit, SKIP } from 'unist-util-visit';
import { checkChart, renderChart, reportCachedWarnings } from '../charts/render.ts';
import type { Reporter } from '../messages.ts';
import type { BoundDirective, Brief, Chapter, Datasets, Place } from '../types.ts';
import { attributeValueOffsets } from './attributes.ts';
import { evaluateProse, type HelperContext, type Locate } from './prose-values.ts';
import { TextPositions } from './positions.ts';
import { limitsOf } from '../config/schema.ts';
import { compileWhere, scopeRows, type Scope } from './select.ts';
import { buildTableModel, type DirectiveSite } from './table.ts';
import { attributesOf } from '../directives.ts';
import { evaluate } from './where.ts';

interface ChapterContext {
  brief: Brief;
  chapter: Chapter;
  datasets: Datasets;
  reporter: Reporter;
  scope?: Scope;
  cacheDir: string;
  charts: 'render' | 'check';
  unavailable: ReadonlySet<string>;
  positions: TextPositions;
  helpers: HelperContext;
}

/** `charts: 'check'` (brief check) validates each chart without drawing it: no SVG is bound. */
export async function bindData({ brief, chapters, datasets, reporter, scope, cacheDir, charts = 'render' }: { brief: Brief; chapters: Chapter[]; datasets: Datasets; reporter: Reporter; scope?: Scope; cacheDir: string; charts?: 'render' | 'check' }): Promise<Chapter[]> {
  // Declared datasets that failed to load were reported by loadDatasets; don't call them unknown.
  const unavailable = new Set(brief.datasets.map((d) => d.name).filter((name) => !datasets.has(name)));
  const bound: Chapter[] = [];
  for (const chapter of chapters) {
    const ctx: ChapterContext = { brief, chapter, datasets, reporter, scope, cacheDir, charts, unavailable, positions: new TextPositions(chapter.source), helpers: { datasets, language: brief.language, scope, unavailable } };
    bound.push(await bindChapter(ctx));
  }
  return bound;
}

async function bindChapter(ctx: ChapterContext): Promise<Chapter> {
  const tree = structuredClone(ctx.chapter.tree) as Root;
  const directives: LeafDirective[] = [];
  visit(tree, (node) => {
    if (node.type === 'leafDirective' && (node.name === 'table' || node.name === 'chart' || node.name === 'figure')) {
      directives.push(node);
      return SKIP;
    }
    if ('children' in node) mergeTextRuns(node as Parent);
    if (node.type === 'text') node.value = evaluateProse({ text: node.value, place: placeOf(ctx, node.position?.start.offset), ctx: ctx.helpers, reporter: ctx.reporter, locate: textLocator(ctx, node) });
  });
  for (const node of directives) {
    const site = directiveSite(ctx, node);
    if (node.name === 'table') bindTable(ctx, node, site);
    else if (node.name === 'figure') bindFigure(node, site);
    else await bindChart(ctx, node, site);
  }
  return { ...ctx.chapter, tree };
}

/**
 * Joins neighbouring text nodes, so a value that markdown split (a `:x` inside a quoted where,
 * a bare URL) is read whole.
 */
function mergeTextRuns(parent: Parent): void {
  for (let i = parent.children.length - 1; i > 0; i--) {
    const a = parent.children[i - 1];
    const b = parent.children[i];
    if (a.type !== 'text' || b.type !== 'text') continue;
    a.value += b.value;
    if (a.position && b.position) a.position = { start: a.position.start, end: b.position.end };
    parent.children.splice(i, 1);
  }
}

function placeOf(ctx: ChapterContext, offset: number | undefined): Place {
  return { file: ctx.chapter.file, ...(offset === undefined ? { line: 1, column: 1 } : ctx.positions.at(offset)) };
}

function occurrences(s: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length)) found.push(i);
  return found;
}

/**
 * Offset in a text node's value → place in the chapter. When markdown changed the text
 * (escapes, entities, joined lines), the k-th `{{` of the value is the k-th of the source.
 */
function textLocator(ctx: ChapterContext, node: Text): Locate {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return () => placeOf(ctx, undefined);
  const source = ctx.chapter.source.slice(start, end);
  if (source === node.value) return (offset) => placeOf(ctx, start + offset);
  const inValue = occurrences(node.value, '{{');
  const inSource = occurrences(source, '{{');
  return (offset) => {
    const k = inValue.indexOf(offset);
    const mapped = k >= 0 && inValue.length === inSource.length ? inSource[k] : Math.min(offset, source.length);
    return placeOf(ctx, start + mapped);
  };
}

function directiveSite(ctx: ChapterContext, node: LeafDirective): DirectiveSite {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  const at = placeOf(ctx, start);
  const values = start === undefined || end === undefined ? new Map<string, number>() : attributeValueOffsets(ctx.chapter.source, start, end);
  const attributes = Object.fromEntries(Object.entries(node.attributes ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const attr = (name: string, offset = 0) => {
    const v = values.get(name);
    return v === undefined ? at : placeOf(ctx, v + offset);
  };
  return {
    name: node.name,
    attributes,
    attr,
    reporter: ctx.reporter,
    prose: (name) => {
      const text = attributes[name];
      if (text === undefined) return undefined;
      const v = values.get(name);
      return evaluateProse({ text, place: attr(name), ctx: ctx.helpers, reporter: ctx.reporter, locate: v === undefined ? () => at : (o) => placeOf(ctx, v + o) });
    },
  };
}

function checkAttributes(site: DirectiveSite, allowed: string[], at: Place, reporter: Reporter): void {
  for (const name of Object.keys(site.attributes)) {
    if (!allowed.includes(name)) reporter.report(at, 'directive-attribute', { name: site.name, attribute: name, allowed: allowed.join(', ') });
  }
}

function setBound(node: LeafDirective, bound: BoundDirective): void {
  node.data = { ...node.data, briefkit: bound };
}

function bindTable(ctx: ChapterContext, node: LeafDirective, site: DirectiveSite): void {
  checkAttributes(site, attributesOf('table'), placeOf(ctx, node.position?.start.offset), ctx.reporter);
  const model = buildTableModel({ site, datasets: ctx.datasets, language: ctx.brief.language, scope: ctx.scope, unavailable: ctx.unavailable });
  if (model) setBound(node, { kind: 'table', model });
}

/** An image figure's caption and alt read live values ({{count …}}) as a chart's do. */
function bindFigure(node: LeafDirective, site: DirectiveSite): void {
  for (const name of ['caption', 'alt'] as const) {
    const text = site.prose(name);
    if (text !== undefined && node.attributes) node.attributes[name] = text;
  }
}

function pixels(site: DirectiveSite, name: 'width' | 'height'): number | undefined | null {
  const v = site.attributes[name];
  if (v === undefined) return undefined;
  if (/^\d+$/.test(v.trim()) && Number(v) > 0) return Number(v);
  site.reporter.report(site.attr(name), 'directive-attribute-value', { name: 'chart', attribute: name, value: v, expected: `write a whole number of pixels, e.g. ${name}=${name === 'width' ? 640 : 360}` });
  return null;
}

async function bindChart(ctx: ChapterContext, node: LeafDirective, site: DirectiveSite): Promise<void> {
  const at = placeOf(ctx, node.position?.start.offset);
  const a = site.attributes;
  checkAttributes(site, attributesOf('chart'), at, ctx.reporter);
  let ok = true;
  const missing = (attribute: string, description: string) => {
    ctx.reporter.report(at, 'directive-attribute-missing', { name: 'chart', attribute, description });
    ok = false;
  };
  if (!a.spec) missing('spec', 'the Vega-Lite spec file, relative to the brief folder');
  if (!a.data) missing('data', 'the dataset to plot, as named under datasets: in brief.yaml');
  if (!a.alt?.trim()) {
    ctx.reporter.report(at, 'chart-alt-missing');
    ok = false;
  }
  const dataset = a.data ? ctx.datasets.get(a.data) : undefined;
  if (a.data && !dataset) {
    ok = false;
    if (ctx.unavailable.has(a.data)) return; // its load problems are reported already
    ctx.reporter.report(site.attr('data'), 'dataset-unknown', { name: a.data, known: [...ctx.datasets.keys()].join(', ') });
  }
  const width = pixels(site, 'width');
  const height = pixels(site, 'height');
  let rows = dataset ? scopeRows(dataset, dataset.rows, ctx.scope) : [];
  if (dataset && a.where !== undefined) {
    const { ast, problems } = compileWhere(dataset, a.where);
    for (const p of problems) ctx.reporter.reportCall(site.attr('where', p.offset), p);
    if (ast) rows = rows.filter((r) => evaluate(ast, r));
    else ok = false;
  }
  if (!ok || !dataset || width === null || height === null) return;
  const maxRows = limitsOf(ctx.brief).chart_rows;
  if (rows.length > maxRows) return ctx.reporter.report(at, 'chart-too-many-rows', { rows: rows.length, max: maxRows, dataset: dataset.name });
  const alt = site.prose('alt')!;
  const caption = site.prose('caption');
  const req = { brief: ctx.brief, spec: a.spec, dataset, rows, alt, place: at, ...(ctx.scope ? { highlight: ctx.scope.value } : {}), ...(width ? { width } : {}), ...(height ? { height } : {}) };
  if (ctx.charts === 'check') {
    if (await checkChart(req, { reporter: ctx.reporter, cacheDir: ctx.cacheDir })) await reportCachedWarnings(req, { reporter: ctx.reporter, cacheDir: ctx.cacheDir });
    return;
  }
  const svg = await renderChart(req, { reporter: ctx.reporter, cacheDir: ctx.cacheDir });
  if (svg === null) return;
  setBound(node, { kind: 'chart', svg, alt, ...(a.id ? { id: a.id } : {}), ...(caption ? { caption } : {}) });
}

