// The pipeline every command runs, top to bottom: prepare (config → parse → data → cite → number),
// render, print. Commands sit above it; the stages below never import it (tests/architecture.test.ts).
import { wordsFor } from './words/index.ts';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Reporter, UserError } from './messages.ts';
import type { Brief, Chapter, Datasets, Diagnostic, Edition, Numbering, PrintOptions, RenderedDocument, RevisionEntry } from './types.ts';
import { loadBrief, currentEdition } from './config/load.ts';
import { checkTemplates, templatesReady } from './config/templates.ts';
import { cacheDir, outputRoot, snapshotOf } from './config/paths.ts';
import { loadDatasets } from './data/load.ts';
import { parseChapters } from './parse/chapters.ts';
import { bindData } from './data/bind.ts';
import { citeAndNumber, loadCitations, type CiteContext } from './cite/index.ts';
import { HtmlParserNeeded, loadCitationHtmlParser } from './cite/format.ts';
import type { Templates } from './render/templates.ts';
import type { Alternate } from './render/document.ts';
import { fontDirs } from './render/fonts.ts';
import { checkGlyphs } from './render/glyphs.ts';
import { revisionLog } from './edition/revision-log.ts';
import { hashSources } from './edition/source-hash.ts';
import { isReleased } from './edition/releases.ts';
import { assertSnapshotIntact } from './edition/verify.ts';
import { checkTranslationFolders, translatedBrief } from './translate/brief.ts';
import { checkTranslation } from './translate/check.ts';
import { editionLanguages } from './translate/paths.ts';
import type { Printer } from './print/printer.ts';
import { printDocument, type PrintedDocument } from './print/document.ts';

/** What every stage of one command reads; made once per command. */
export interface PipelineContext {
  /** The project folder (content/, data/, templates/). */
  root: string;
  /** The project's .cache/ (also when a release's sources are built). */
  cacheDir: string;
  /** SOURCE_DATE_EPOCH when set (a release's manifest records it), else null. */
  sourceDateEpoch: number | null;
  /** The only time that enters the output: SOURCE_DATE_EPOCH when set, else the edition's date. */
  sourceDate(editionDate: string): Date;
}

export function pipelineContext(root: string): PipelineContext {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const sourceDateEpoch = epoch && /^\d+$/.test(epoch) ? Number(epoch) : null;
  return {
    root,
    cacheDir: cacheDir(root),
    sourceDateEpoch,
    sourceDate: (editionDate) => (sourceDateEpoch !== null ? new Date(sourceDateEpoch * 1000) : new Date(`${editionDate}T00:00:00Z`)),
  };
}

export interface Prepared {
  brief: Brief;
  datasets: Datasets;
  chapters: Chapter[];
  /** The chapters as parsed, before data binding: country packs bind them again, each with its own scope. */
  parsed: Chapter[];
  numbering: Numbering;
  /** The bibliography and style, for packs to cite from; null when the brief cites nothing. */
  cite: CiteContext | null;
  warnings: Diagnostic[];
  timings: Record<string, number>;
}

/** Milliseconds since t0, to a tenth. */
import { since } from './timings.ts';

/**
 * Load, parse, bind data and number: every check, no rendering. Throws UserError with all problems.
 * `root` (default the context's) may be a release's sources; `charts: 'check'` (brief check)
 * validates charts without drawing them; `language`: one of the brief's translations (SPEC §13),
 * prepared from its translated chapters and checked against their sources.
 */
export async function prepare(ctx: PipelineContext, { name, root = ctx.root, charts = 'render', language, from }: { name: string; root?: string; charts?: 'render' | 'check'; language?: string; from?: Prepared }): Promise<Prepared> {
  const snapshot = snapshotOf(root);
  if (snapshot) assertSnapshotIntact({ project: snapshot.project, dir: path.dirname(path.resolve(root)), use: 'build from its sources' });
  const reporter = new Reporter();
  const t0 = performance.now();
  // `from`: the source language's Prepared, for a translation: its brief, datasets and bibliography
  // (a translation shares them) are used again instead of read and checked a second time.
  const reuse = language && from && !from.brief.translation ? from : undefined;
  const source = reuse ? reuse.brief : await loadBrief({ root, name, reporter });
  if (!source) throw new UserError(reporter.diagnostics);
  const brief = language ? await translatedBrief({ brief: source, language, reporter }) : source;
  if (!brief) throw new UserError(reporter.diagnostics);
  if (!language) checkTranslationFolders({ brief, reporter });
  await templatesReady(brief);
  checkTemplates({ brief, reporter });
  const [datasets, parsed, cite] = await Promise.all([
    reuse ? reuse.datasets : loadDatasets({ brief, reporter }),
    parseChapters({ brief, reporter }),
    reuse ? (reuse.cite && { ...reuse.cite, language: brief.language }) : loadCitations({ brief, reporter, cacheDir: ctx.cacheDir }),
  ]);
  if (language) checkTranslation({ source, language, chapters: parsed, reporter, cacheDir: ctx.cacheDir });
  const tParse = since(t0);
  const t1 = performance.now();
  const bound = reporter.hasErrors ? parsed : await bindChapters(ctx, { brief, chapters: parsed, datasets, reporter, charts });
  const tData = since(t1);
  const t2 = performance.now();
  const { chapters, numbering } = await numberChapters({ cite, chapters: bound, reporter, whole: true, language: brief.language, cacheDir: ctx.cacheDir });
  if (reporter.hasErrors) throw new UserError(reporter.diagnostics);
  return { brief, datasets, chapters, parsed, numbering, cite, warnings: reporter.diagnostics, timings: { parse: tParse, data: tData, number: since(t2) } };
}

/** The data stage: tables, charts and prose values filled in (`scope`: one country's pack). */
export function bindChapters(ctx: PipelineContext, a: { brief: Brief; chapters: Chapter[]; datasets: Datasets; reporter: Reporter; charts?: 'render' | 'check'; scope?: { column: string; value: string } }): Promise<Chapter[]> {
  return bindData({ ...a, cacheDir: ctx.cacheDir });
}

/**
 * Citations, then numbering. `whole`: these are the whole brief's chapters, so an unused
 * bibliography entry is reported and every glyph is checked against the fonts (a pack's are a part).
 */
export async function numberChapters(a: { cite: CiteContext | null; chapters: Chapter[]; reporter: Reporter; whole: boolean; language: string; cacheDir?: string }): Promise<{ chapters: Chapter[]; numbering: Numbering }> {
  const before = a.reporter.diagnostics.length;
  try {
    return numberNow(a);
  } catch (e) {
    // Citations not formatted before (or changed) need the HTML parser, loaded only then. Numbering
    // works on copies of the chapters, so it starts again; what it reported so far is reported again.
    if (!(e instanceof HtmlParserNeeded)) throw e;
    a.reporter.diagnostics.length = before;
    await loadCitationHtmlParser();
    return numberNow(a);
  }
}

function numberNow({ cite, chapters, reporter, whole, language, cacheDir }: { cite: CiteContext | null; chapters: Chapter[]; reporter: Reporter; whole: boolean; language: string; cacheDir?: string }): { chapters: Chapter[]; numbering: Numbering } {
  const out = citeAndNumber({ cite, chapters, reporter, checkUnused: whole, language });
  if (whole && !reporter.hasErrors) checkGlyphs({ chapters: out.chapters, language, reporter, cacheDir });
  return out;
}

/** What every document of an edition shares: its templates, revision log, draft mark and source hash. */
export interface EditionFrame {
  edition: Edition;
  templates: Templates;
  revisions: RevisionEntry[];
  /** `DRAFT <version>+<hash>` (in the brief's language) unless the sources are the released ones. */
  draft: string | null;
  sourceHash: string;
}

// Rendering (Handlebars, mdast-util-to-hast, hast-util-to-html) loads with the first edition
// frame, which every rendered document needs: `brief check` never loads it.
let render: { renderHtml: typeof import('./render/document.ts').renderHtml; renderPrintFirst: typeof import('./render/document.ts').renderPrintFirst; renderPreviewHtml: typeof import('./render/document.ts').renderPreviewHtml; loadTemplates: typeof import('./render/templates.ts').loadTemplates } | null = null;

/**
 * `reuse`: the templates and revision log of an earlier frame of the same brief, when neither its
 * templates nor its brief.yaml and datasets changed since (`brief dev` between chapter saves).
 */
export async function editionFrame({ brief, datasets }: { brief: Brief; datasets: Datasets }, opts: { released?: boolean; reuse?: Pick<EditionFrame, 'templates' | 'revisions'> } = {}): Promise<EditionFrame> {
  if (!render) {
    const [{ renderHtml, renderPrintFirst, renderPreviewHtml }, { loadTemplates }] = await Promise.all([import('./render/document.ts'), import('./render/templates.ts')]);
    render = { renderHtml, renderPrintFirst, renderPreviewHtml, loadTemplates };
  }
  const { loadTemplates } = render;
  const edition = currentEdition(brief);
  const { hash } = hashSources(brief);
  const released = opts.released ?? isReleased(brief, edition.version, hash);
  const draft = released ? null : wordsFor(brief.language).t('draftMark', { version: edition.version, hash: hash.slice(0, 7) });
  const { templates = loadTemplates({ brief }), revisions = await revisionLog({ brief, datasets }) } = opts.reuse ?? {};
  return { edition, templates, revisions, draft, sourceHash: hash };
}

/** The HTML edition and print HTML of prepared chapters (`packCountry`: a country's pack). */
export function renderDocument({ brief, chapters, numbering }: { brief: Brief; chapters: Chapter[]; numbering: Numbering }, frame: EditionFrame, packCountry?: string, alternates?: Alternate[]): RenderedDocument {
  const { edition, templates, revisions, draft, sourceHash } = frame;
  if (!render) throw new Error('renderDocument: the frame comes from editionFrame()');
  return render.renderHtml({ brief, chapters, numbering, templates, edition, revisions, draft, sourceHash: sourceHash.slice(0, 12), datasetCount: brief.datasets.length, ...(packCountry ? { packCountry } : {}), ...(alternates ? { alternates } : {}) });
}

/** renderDocument in two steps: the print HTML now, the HTML edition (with its guard) when `edition()` is called. */
export interface StagedDocument {
  printHtml: string;
  /** The HTML edition; throws the RenderError renderDocument would have thrown for it. */
  edition: () => string;
}

/** The print HTML of a brief first, so its print can start while the HTML edition is made (runs/build.ts). */
export async function renderBriefPrintFirst(p: Prepared, opts: { released?: boolean; alternates?: Alternate[] } = {}): Promise<{ doc: StagedDocument; frame: EditionFrame }> {
  const frame = await editionFrame(p, opts);
  const { brief, chapters, numbering } = p;
  const { edition, templates, revisions, draft, sourceHash } = frame;
  const doc = render!.renderPrintFirst({ brief, chapters, numbering, templates, edition, revisions, draft, sourceHash: sourceHash.slice(0, 12), datasetCount: brief.datasets.length, ...(opts.alternates ? { alternates: opts.alternates } : {}) });
  return { doc, frame };
}

/** The HTML edition alone, fonts linked at `fontUrl(file)`: the page `brief dev` serves (render/document.ts). */
export function renderPreview({ brief, chapters, numbering }: { brief: Brief; chapters: Chapter[]; numbering: Numbering }, frame: EditionFrame, fontUrl: (file: string) => string): string {
  const { edition, templates, revisions, draft, sourceHash } = frame;
  if (!render) throw new Error('renderPreview: the frame comes from editionFrame()');
  return render.renderPreviewHtml({ brief, chapters, numbering, templates, edition, revisions, draft, sourceHash: sourceHash.slice(0, 12), datasetCount: brief.datasets.length }, fontUrl);
}

export async function renderBrief(p: Prepared, opts: { released?: boolean; alternates?: Alternate[] } = {}): Promise<{ doc: RenderedDocument; frame: EditionFrame }> {
  const frame = await editionFrame(p, opts);
  return { doc: renderDocument(p, frame, undefined, opts.alternates), frame };
}

/**
 * Every language edition of a brief, as the HTML links them (hreflang and the language switch);
 * `current` marks the one being rendered. Empty for a brief without translations.
 */
export function alternatesOf(source: Brief, version: string, current: string): Alternate[] {
  if (!source.translations.length) return [];
  return editionLanguages(source).map((lang, i) => ({
    lang,
    file: `${source.name}-${version}${i === 0 ? '' : `.${lang}`}.html`,
    name: new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang,
    current: lang === current,
  }));
}

/** Each diagnostic once: a translation shares the source's datasets (and its untranslated chapters), so both report their problems. */
export function distinctDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.rule}:${d.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** The source language's brief prepared, then each translation's: every language is checked before anything is printed. */
export async function prepareLanguages(ctx: PipelineContext, a: { name: string; root?: string; charts?: 'render' | 'check'; languages?: string[] }): Promise<Prepared[]> {
  const source = await prepare(ctx, a);
  const out = [source];
  for (const { language } of source.brief.translations) {
    if (!a.languages || a.languages.includes(language)) out.push(await prepare(ctx, { ...a, language, from: source }));
  }
  return out;
}

/** `<brief>-<version>` for the source language, `<brief>-<version>.<lang>` for a translation: the file name before .pdf/.html. */
export function editionBase(brief: Brief, version: string): string {
  return `${brief.name}-${version}${brief.translation ? `.${brief.translation.language}` : ''}`;
}

/** output/<brief>/<version>; a rebuild of a release's sources goes to the project's output/<brief>/<version>-rebuilt. */
export function outputDir(brief: Brief, version: string): string {
  return path.join(outputRoot(brief.root), brief.name, snapshotOf(brief.root) ? `${version}-rebuilt` : version);
}

/** `pdfa`: a released edition's PDF, archived as PDF/A-2u (see SPEC §14). */
export function printOptions(ctx: PipelineContext, brief: Brief, date: string, { pdfa = false }: { pdfa?: boolean } = {}): PrintOptions {
  return {
    pdfa,
    title: brief.title,
    authors: brief.authors,
    subject: brief.subtitle ?? brief.title,
    keywords: brief.keywords,
    language: brief.language,
    date: ctx.sourceDate(date),
    allowedRoots: [brief.root, ...fontDirs()],
  };
}

/** A printer opened on first need; `warm` reaches it while it is still opening (Printer.warm). */
export type LazyPrinter = (() => Promise<Printer>) & Partial<Pick<Printer, 'warm'>>;
/** The printer is asked for only once the sources check out, so a failed build starts no browser and writes nothing. */
export type PrinterSource = Printer | LazyPrinter;

/**
 * Has the browser load the faces `prepared`'s editions will draw with (Printer.warm) while Node
 * still renders them: their characters are those of the titles and chapter sources.
 */
export function warmPrinter(source: PrinterSource, prepared: Prepared[]): void {
  const text = prepared.flatMap(({ brief, chapters }) => [brief.title, brief.subtitle ?? '', ...chapters.map((c) => c.source)]).join('\n');
  const languages = prepared.map((p) => p.brief.language.toLowerCase());
  // Not source(): a printer that has not opened yet has it at once, and none is opened for it.
  if (typeof source === 'function') source.warm?.(text, languages);
  else source.warm(text, languages);
}

/** Prints one document through print/document.ts, which turns overflow and refused requests into warnings. */
export async function print(source: PrinterSource, input: { brief: Brief; html: string; name: string; options: PrintOptions; whilePrinting?: () => void; last?: boolean }): Promise<PrintedDocument & { ms: number }> {
  const t0 = performance.now();
  const printer = typeof source === 'function' ? await source() : source;
  // The check loads while the browser makes the PDF.
  let checker: Promise<typeof import('./pdfcheck/index.ts')> | undefined;
  const whilePrinting = () => {
    if (!checker) {
      checker = import('./pdfcheck/index.ts');
      checker.catch(() => undefined); // awaited below, unless the print fails first
    }
    input.whilePrinting?.();
  };
  const out = await printDocument({ printer, brief: input.brief, input: { html: input.html, name: input.name, options: input.options, whilePrinting, ...(input.last ? { last: true } : {}) } });
  // Every print checks its own PDF (PDF/UA-1, and PDF/A-2u when archival); findings are warnings.
  const t1 = performance.now();
  const { checkPrinted } = await (checker ?? import('./pdfcheck/index.ts'));
  // The tree tags.ts wrote is checked as it wrote it, not parsed again from the bytes.
  const { structure, ...printed } = out;
  const findings = await checkPrinted({ bytes: printed.pdf, name: input.name, pdfa: !!input.options.pdfa, written: structure });
  return { ...printed, warnings: [...printed.warnings, ...findings], timings: { ...printed.timings, check: since(t1) }, ms: since(t0) };
}
