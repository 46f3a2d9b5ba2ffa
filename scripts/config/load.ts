// config/ stage: read brief.yaml with positions, validate it against the schema, resolve paths → Brief.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { firstAlias } from './yaml.ts';
import type { Reporter } from '../messages.ts';
import type { Brief, DatasetSpec, Edition, Place } from '../types.ts';
import { briefSchema } from './schema.ts';
import { resolveInside, relToRoot } from './paths.ts';
import { resolveCitations } from './citations.ts';
import { decodeUtf8 } from './text.ts';
import { catalogueLanguage, catalogueLanguages } from '../words/languages.ts';

/** ajv's options for brief.yaml; bin/compile.mjs compiles the schema with them too. */
export const BRIEF_AJV_OPTIONS = { allErrors: true, strict: false, useDefaults: false };
// bin/compile.mjs writes the compiled schema beside the compiled load.js as ajv standalone code:
// loading ajv and compiling took ~0.1 s of every `brief check`. Run from the TypeScript sources
// (tests, development), the schema is compiled here, on the first brief.yaml read.
const PRECOMPILED = fileURLToPath(new URL('./brief-validator.cjs', import.meta.url));
const require = createRequire(import.meta.url);
function compileBriefSchema(): ValidateFunction<RawBrief> {
  if (existsSync(PRECOMPILED)) return require(PRECOMPILED) as ValidateFunction<RawBrief>;
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(BRIEF_AJV_OPTIONS).compile<RawBrief>(briefSchema);
}
let validator: ValidateFunction<RawBrief> | null = null;
const briefValidator = () => (validator ??= compileBriefSchema());

type Located = (node: YamlNode | null | undefined) => Place;

/** Lists the brief folders under content/ (those with a brief.yaml). */
export function listBriefs(root: string): string[] {
  const dir = path.join(root, 'content');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isDirectory() && existsSync(path.join(dir, n, 'brief.yaml')))
    .sort();
}

export async function loadBrief({ root, name, reporter }: { root: string; name: string; reporter: Reporter }): Promise<Brief | null> {
  const dir = path.join(root, 'content', name);
  const abs = path.join(dir, 'brief.yaml');
  const file = relToRoot(root, abs);
  if (!/^[\w.-]+$/.test(name) || !existsSync(abs)) {
    reporter.report({ file: relToRoot(root, dir) || '.', line: 1, column: 1 }, 'brief-missing', { name, path: file, found: listBriefs(root).join(', ') });
    return null;
  }
  // A brief.yaml that links outside the project would be read (and quoted in messages) from there.
  const inside = resolveInside({ root, base: root, p: file });
  if (!inside.ok) {
    reporter.report({ file, line: 1, column: 1 }, inside.rule, { path: file });
    return null;
  }
  const text = decodeUtf8(await readFile(abs));
  if (text === null) {
    reporter.report({ file, line: 1, column: 1 }, 'not-utf8');
    return null;
  }
  const lineCounter = new LineCounter();
  // YAML 1.2 ends a line at a lone CR too (old Mac files); the parser does not. Same length, same offsets.
  const doc = parseDocument(text.replace(/\r(?!\n)/g, '\n'), { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' }); // no process warnings: problems are diagnostics
  const at: Located = (node) => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      reporter.report({ file, line, column: col }, 'yaml-syntax', { detail: e.message.split('\n')[0] });
    }
    return null;
  }
  let raw;
  try {
    raw = doc.toJS() ?? {};
  } catch (e) {
    // An alias to no anchor, or one expanding too far, only shows when the values are read.
    reporter.report(at(firstAlias(doc) ?? (doc.contents as YamlNode)), 'yaml-syntax', { detail: (e as Error).message.split('\n')[0] });
    return null;
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    reporter.report(at(doc.contents as YamlNode), 'schema-type', { key: 'brief.yaml', expected: 'a mapping of keys (title:, chapters:, …)', actual: Array.isArray(raw) ? 'a list' : typeof raw });
    return null;
  }
  const validate = briefValidator();
  if (!validate(raw)) {
    reportSchemaErrors(validate.errors ?? [], doc, raw, at, reporter);
    return null;
  }
  return resolveBrief({ root, dir, name, file, raw, doc, at, reporter });
}

function nodeAt(doc: Document, pathParts: (string | number)[], want: 'key' | 'value'): YamlNode | null {
  if (pathParts.length === 0) return doc.contents as YamlNode;
  const parent = doc.getIn(pathParts.slice(0, -1), true) as YamlNode | undefined;
  const last = pathParts[pathParts.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (pair) return (want === 'key' ? pair.key : pair.value) as YamlNode;
    return parent;
  }
  if (isSeq(parent)) return (parent.items[Number(last)] as YamlNode) ?? parent;
  return (doc.getIn(pathParts, true) as YamlNode) ?? null;
}

function describe(v: unknown): string {
  if (v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v}"`;
  return `${typeof v} ${String(v)}`;
}

function schemaAt(schemaPath: string): Record<string, any> {
  let s: any = briefSchema;
  for (const part of schemaPath.replace(/^#\//, '').split('/').slice(0, -1)) s = s?.[part];
  return s ?? {};
}

function reportSchemaErrors(errors: ErrorObject[], doc: Document, raw: unknown, at: Located, reporter: Reporter): void {
  // A failed oneOf (a dataset written neither as a path nor as { path, key }) yields one error per
  // branch; keep only the branch matching what the author wrote.
  const kept = errors.filter((e) => {
    if (e.keyword === 'oneOf') return false;
    const m = /\/oneOf\/(\d)\//.exec(e.schemaPath);
    if (!m) return true;
    const value = valueAt(raw, e.instancePath.split('/').slice(1, 3));
    return (typeof value === 'object' && value !== null) === (m[1] === '1');
  });
  const seen = new Set<string>();
  for (const e of kept) {
    const parts = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    const key = parts.length ? parts.filter((p) => typeof p === 'string').pop()?.toString() ?? 'value' : 'brief.yaml';
    const where = parts.length ? parts.join('.') : 'brief.yaml';
    const value = valueAt(raw, parts);
    const dedupe = `${e.instancePath}|${e.keyword}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = String(e.params.additionalProperty);
        const props = Object.keys(schemaAt(e.schemaPath).properties ?? {});
        reporter.report(at(nodeAt(doc, [...parts, extra], 'key')), 'schema-unknown-key', { key: extra, where, allowed: props.join(', ') || '(any name)' });
        break;
      }
      case 'required': {
        const missing = String(e.params.missingProperty);
        const desc = schemaAt(e.schemaPath).properties?.[missing]?.description ?? '';
        reporter.report(at(nodeAt(doc, parts, 'value')), 'schema-required', { key: missing, where, description: desc });
        break;
      }
      case 'type': {
        const expected = e.params.type === 'array' ? 'a list' : e.params.type === 'object' ? 'a mapping' : e.params.type === 'string' && typeof value === 'number' ? 'a string (in quotes, e.g. "1.0")' : `a ${e.params.type}`;
        reporter.report(at(nodeAt(doc, parts, 'value')), 'schema-type', { key: where, expected, actual: describe(value) });
        break;
      }
      case 'enum':
        reporter.report(at(nodeAt(doc, parts, 'value')), 'schema-enum', { key: where, allowed: (e.params.allowedValues as string[]).join(' | '), actual: describe(value) });
        break;
      case 'pattern':
        reporter.report(at(nodeAt(doc, parts, 'value')), 'schema-pattern', { key: where, actual: describe(value), expected: schemaAt(e.schemaPath).description ?? e.params.pattern });
        break;
      case 'minimum':
      case 'maximum': {
        const range = schemaAt(e.schemaPath);
        reporter.report(at(nodeAt(doc, parts, 'value')), 'schema-type', { key: where, expected: `a whole number from ${range.minimum} to ${Number(range.maximum).toLocaleString('en')}`, actual: describe(value) });
        break;
      }
      case 'minItems':
      case 'minLength':
        reporter.report(at(nodeAt(doc, parts, 'value')), key === 'editions' ? 'edition-none' : 'schema-empty', { key: where });
        break;
      default:
        reporter.report(at(nodeAt(doc, parts, 'value')), 'schema-type', { key: where, expected: e.message ?? 'valid', actual: describe(value) });
    }
  }
}

function valueAt(raw: unknown, parts: (string | number)[]): unknown {
  let v: any = raw;
  for (const p of parts) v = v?.[p];
  return v;
}

const PAGE_SIZES: Record<string, string> = { A3: '297mm 420mm', A4: '210mm 297mm', A5: '148mm 210mm', B5: '176mm 250mm', Letter: '8.5in 11in', Legal: '8.5in 14in' };

/** The smallest text area a page may leave: below it a paragraph barely fits and pagination runs away. */
export const MIN_CONTENT_MM = 50;
/** The largest page side a PDF can hold: 14,400 units of 1/72 in (ISO 32000-1, annex C). */
export const MAX_PAGE_MM = 5080;

const MM: Record<string, number> = { mm: 1, cm: 10, in: 25.4 };
const toMm = (length: string) => parseFloat(length) * MM[length.replace(/^[\d.]+/, '')];
const mm = (n: number) => `${Math.round(n * 10) / 10}mm`;

/** Top, right, bottom, left of a CSS margin shorthand (1 to 4 lengths), in mm. */
function marginSides(margins: string): [number, number, number, number] {
  const [t, r = t, b = t, l = r] = margins.trim().split(/\s+/).map(toMm);
  return [t, r, b, l];
}

/** A page whose margins leave (almost) no room for text prints hundreds of blank pages: refuse it. */
function checkPageGeometry(a: { size: string; written: string; margins: string; marginsLabel: string; place: Place; sizePlace: Place; reporter: Reporter }): void {
  const [width, height] = a.size.split(' ').map(toMm);
  if (width > MAX_PAGE_MM || height > MAX_PAGE_MM) {
    a.reporter.report(a.sizePlace, 'page-too-large', { size: a.written, max: mm(MAX_PAGE_MM) });
    return;
  }
  const [top, right, bottom, left] = marginSides(a.margins);
  const contentWidth = width - left - right;
  const contentHeight = height - top - bottom;
  if (contentWidth >= MIN_CONTENT_MM && contentHeight >= MIN_CONTENT_MM) return;
  a.reporter.report(a.place, 'page-content-too-small', {
    size: a.written === a.size ? a.size : `${a.written} (${a.size})`,
    margins: a.marginsLabel,
    width: mm(contentWidth),
    height: mm(contentHeight),
    across: `${mm(width)} − ${mm(left)} − ${mm(right)}`,
    down: `${mm(height)} − ${mm(top)} − ${mm(bottom)}`,
    min: mm(MIN_CONTENT_MM),
  });
}

interface RawBrief {
  title: string;
  subtitle?: string;
  organization?: string;
  authors?: string[];
  keywords?: string[];
  language?: string;
  translations?: string[];
  running_header?: string;
  page?: { size?: string; margins?: string };
  footnotes?: 'page' | 'endnotes';
  list_of_figures?: boolean;
  chapters: string[];
  datasets?: Record<string, string | { path: string; key?: string[]; sheet?: string; range?: string }>;
  editions: { version: string; date: string; summary?: string; changes?: string[] }[];
  packs?: { by: string; include?: string[] };
  bibliography?: string | string[];
  citation_style?: string;
  bibliography_title?: string | false;
  nocite?: string[];
  limits?: { chart_rows?: number; chart_marks?: number };
}

function resolveBrief(a: { root: string; dir: string; name: string; file: string; raw: RawBrief; doc: Document; at: Located; reporter: Reporter }): Brief | null {
  const { root, dir, name, file, raw, doc, at, reporter } = a;
  const before = reporter.errors.length;
  const place = (parts: (string | number)[]) => at(nodeAt(doc, parts, 'value'));

  // Every word the tool writes comes from a catalogue: a language without one would print English.
  if (raw.language !== undefined && !catalogueLanguage(raw.language)) reporter.report(place(['language']), 'language-unknown', { language: raw.language, known: catalogueLanguages().join(', ') });

  const chaptersDir = path.join(dir, 'chapters');
  const available = existsSync(chaptersDir) ? readdirSync(chaptersDir).filter((f) => f.endsWith('.md')).sort() : [];
  const chapters: Brief['chapters'] = [];
  const seenChapters = new Map<string, Place>();
  raw.chapters.forEach((ch, i) => {
    const p = place(['chapters', i]);
    const r = resolveInside({ root, base: chaptersDir, p: ch });
    if (!r.ok) return reporter.report(p, r.rule, { path: ch });
    if (seenChapters.has(r.rel)) return reporter.report(p, 'chapter-duplicate', { name: ch }, [seenChapters.get(r.rel)!]);
    seenChapters.set(r.rel, p);
    if (!existsSync(r.abs) || !statSync(r.abs).isFile()) return reporter.report(p, 'chapter-missing', { path: r.rel, name: ch, found: available.join(', ') });
    chapters.push({ file: r.rel, place: p });
  });

  const datasets: DatasetSpec[] = [];
  for (const [dsName, entry] of Object.entries(raw.datasets ?? {})) {
    const p = place(['datasets', dsName, ...(typeof entry === 'string' ? [] : ['path'])]);
    const written = typeof entry === 'string' ? entry : entry.path;
    const r = resolveInside({ root, base: root, p: written });
    if (!r.ok) {
      reporter.report(p, r.rule, { path: written });
      continue;
    }
    if (!existsSync(r.abs) || !statSync(r.abs).isFile()) {
      reporter.report(p, 'dataset-missing', { path: r.rel });
      continue;
    }
    const spec: DatasetSpec = { name: dsName, path: r.rel, key: typeof entry === 'string' ? [] : entry.key ?? [], place: place(['datasets', dsName]) };
    if (typeof entry !== 'string') {
      if (entry.sheet !== undefined) spec.sheet = { name: entry.sheet, place: place(['datasets', dsName, 'sheet']) };
      if (entry.range !== undefined) spec.range = { ref: entry.range.toUpperCase(), place: place(['datasets', dsName, 'range']) };
      // sheet/range on a CSV would be silently ignored, which hides a wrong path.
      const option = spec.sheet ? 'sheet' : spec.range ? 'range' : null;
      if (option && !/\.xlsx$/i.test(r.rel)) reporter.report((spec.sheet ?? spec.range)!.place, 'xlsx-only', { option, path: r.rel });
    }
    datasets.push(spec);
  }

  const editions: Edition[] = [];
  raw.editions.forEach((e, i) => {
    const p = place(['editions', i]);
    if (Number.isNaN(Date.parse(`${e.date}T00:00:00Z`)) || new Date(`${e.date}T00:00:00Z`).toISOString().slice(0, 10) !== e.date) {
      reporter.report(place(['editions', i, 'date']), 'date-invalid', { value: e.date });
    }
    const dup = editions.find((x) => x.version === e.version);
    if (dup) reporter.report(place(['editions', i, 'version']), 'edition-duplicate', { version: e.version }, [dup.place]);
    const prev = editions[editions.length - 1];
    if (prev && !dup && (compareVersions(e.version, prev.version) <= 0 || e.date < prev.date)) {
      reporter.report(place(['editions', i, 'version']), 'edition-order', { version: e.version, previous: prev.version });
    }
    editions.push({ version: e.version, date: e.date, summary: e.summary ?? '', changes: e.changes ?? [], place: p });
  });

  let packs: Brief['packs'];
  if (raw.packs) {
    const [dataset, column] = raw.packs.by.split('.');
    if (!datasets.some((d) => d.name === dataset) && !(raw.datasets && dataset in raw.datasets)) {
      reporter.report(place(['packs', 'by']), 'dataset-unknown', { name: dataset, known: Object.keys(raw.datasets ?? {}).join(', ') });
    }
    const include: string[] = [];
    (raw.packs.include ?? []).forEach((ch, i) => {
      const r = resolveInside({ root, base: chaptersDir, p: ch });
      if (!r.ok) return reporter.report(place(['packs', 'include', i]), r.rule, { path: ch });
      if (!seenChapters.has(r.rel)) return reporter.report(place(['packs', 'include', i]), 'chapter-missing', { path: r.rel, name: ch, found: raw.chapters.join(', ') });
      include.push(r.rel);
    });
    packs = { dataset, column, include, place: place(['packs']) };
  }

  const citations = resolveCitations({ root, dir, raw, place, reporter });

  const page = raw.page ?? {};
  const pageSize = PAGE_SIZES[page.size ?? 'A4'] ?? page.size!;
  const margins = page.margins ?? '22mm 20mm 24mm';
  checkPageGeometry({ size: pageSize, written: page.size ?? 'A4', margins, marginsLabel: page.margins ?? `${margins}, the default`, place: place(['page', page.margins !== undefined ? 'margins' : 'size']), sizePlace: place(['page', 'size']), reporter });

  if (reporter.errors.length > before) return null;
  return {
    name,
    root,
    dir,
    file,
    title: raw.title,
    subtitle: raw.subtitle,
    organization: raw.organization,
    authors: raw.authors ?? [],
    keywords: raw.keywords ?? [],
    language: raw.language ?? 'en',
    runningHeader: raw.running_header ?? raw.title,
    page: { size: pageSize, margins },
    footnotes: raw.footnotes ?? 'page',
    chapters,
    datasets,
    editions,
    packs,
    listOfFigures: raw.list_of_figures ?? false,
    citations,
    translations: (raw.translations ?? []).map((language, i) => ({ language, place: place(['translations', i]) })),
    ...(raw.limits ? { limits: raw.limits } : {}),
  };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The edition a build produces: the newest in brief.yaml. */
export function currentEdition(brief: Brief): Edition {
  return brief.editions[brief.editions.length - 1];
}
