// The pipeline, top to bottom. `prepare` is everything `brief check` runs; `build` renders and writes.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Reporter, UserError } from './messages.ts';
import type { Brief, Chapter, Datasets, Diagnostic, Numbering, PrintOptions, RenderedDocument, RevisionEntry } from './types.ts';
import { loadBrief, currentEdition } from './config/load.ts';
import { checkTemplates } from './config/templates.ts';
import { loadDatasets } from './data/load.ts';
import { parseChapters } from './parse/chapters.ts';
import { bindData } from './data/bind.ts';
import { citeAndNumber, loadCitations, type CiteContext } from './cite/index.ts';
import { loadTemplates } from './render/templates.ts';
import { renderHtml } from './render/document.ts';
import { fontDirs } from './render/fonts.ts';
import { checkGlyphs } from './render/glyphs.ts';
import { revisionLog } from './edition/revision-log.ts';
import { hashSources } from './edition/source-hash.ts';
import { isReleased } from './edition/releases.ts';
import { assertSnapshotIntact } from './edition/verify.ts';
import type { Printer } from './print/printer.ts';
import { asErrors, printDocument } from './print/document.ts';
import { writeAtomic } from './write.ts';
import { cacheDir, outputRoot, snapshotOf } from './config/paths.ts';

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

const since = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

export { cacheDir };

/**
 * Load, parse, bind data and number: every check, no rendering. Throws UserError with all problems.
 * `charts: 'check'` (brief check) validates charts without drawing them. Caches go to the
 * project's .cache/, also when `root` is a release's sources (config/paths.ts cacheDir).
 */
export async function prepare({ root, name, charts = 'render' }: { root: string; name: string; charts?: 'render' | 'check' }): Promise<Prepared> {
  const cache = cacheDir(root);
  const snapshot = snapshotOf(root);
  if (snapshot) assertSnapshotIntact({ project: snapshot.project, dir: path.dirname(path.resolve(root)), use: 'build from its sources' });
  const reporter = new Reporter();
  const t0 = performance.now();
  const brief = await loadBrief({ root, name, reporter });
  if (!brief) throw new UserError(reporter.diagnostics);
  checkTemplates({ brief, reporter });
  const [datasets, parsed, cite] = await Promise.all([loadDatasets({ brief, reporter }), parseChapters({ brief, reporter }), loadCitations({ brief, reporter, cacheDir: cache })]);
  const tParse = since(t0);
  const t1 = performance.now();
  const bound = reporter.hasErrors ? parsed : await bindData({ brief, chapters: parsed, datasets, reporter, cacheDir: cache, charts });
  const tData = since(t1);
  const t2 = performance.now();
  const { chapters, numbering } = citeAndNumber({ cite, chapters: bound, reporter, checkUnused: true });
  if (!reporter.hasErrors) checkGlyphs({ chapters, reporter });
  if (reporter.hasErrors) throw new UserError(reporter.diagnostics);
  return { brief, datasets, chapters, parsed, numbering, cite, warnings: reporter.diagnostics, timings: { parse: tParse, data: tData, number: since(t2) } };
}

export interface BuildResult {
  brief: Brief;
  version: string;
  html: string; // path written
  pdf: string | null;
  docx: string | null;
  pages: number | null;
  warnings: Diagnostic[];
  timings: Record<string, number>;
}

/** output/<brief>/<version>; a rebuild of a release's sources goes to the project's output/<brief>/<version>-rebuilt. */
export function outputDir(brief: Brief, version: string): string {
  return path.join(outputRoot(brief.root), brief.name, snapshotOf(brief.root) ? `${version}-rebuilt` : version);
}

export function printOptions(brief: Brief, date: string): PrintOptions {
  return {
    title: brief.title,
    authors: brief.authors,
    subject: brief.subtitle ?? brief.title,
    keywords: brief.keywords,
    language: brief.language,
    date: sourceDate(date),
    allowedRoots: [brief.root, ...fontDirs()],
  };
}

/** SOURCE_DATE_EPOCH in seconds when set to a whole number; the one place that reads it. */
export function sourceDateEpoch(): number | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? Number(epoch) : undefined;
}

/** SOURCE_DATE_EPOCH when set, else the edition's date: the only time that enters the output. */
export function sourceDate(editionDate: string): Date {
  const epoch = sourceDateEpoch();
  return epoch !== undefined ? new Date(epoch * 1000) : new Date(`${editionDate}T00:00:00Z`);
}

export async function renderBrief(p: Prepared, opts: { released?: boolean } = {}): Promise<{ doc: RenderedDocument; sourceHash: string; draft: string | null; revisions: RevisionEntry[] }> {
  const { brief, chapters, numbering, datasets } = p;
  const edition = currentEdition(brief);
  const { hash } = hashSources(brief);
  const released = opts.released ?? isReleased(brief, edition.version, hash);
  const draft = released ? null : `DRAFT ${edition.version}+${hash.slice(0, 7)}`;
  const revisions = await revisionLog({ brief, datasets });
  const templates = loadTemplates({ brief });
  const doc = renderHtml({ brief, chapters, numbering, templates, edition, revisions, draft, sourceHash: hash.slice(0, 12), datasetCount: brief.datasets.length });
  return { doc, sourceHash: hash, draft, revisions };
}

/** The printer is asked for only once the sources check out, so a failed build starts no browser and writes nothing. */
export type PrinterSource = Printer | (() => Promise<Printer>);

/** `strict`: any warning (the sources' or the print's) fails the build with it as an error, and nothing is written. */
export async function build({ root, name, printer, htmlOnly = false, docx = false, strict = false }: { root: string; name: string; printer?: PrinterSource; htmlOnly?: boolean; docx?: boolean; strict?: boolean }): Promise<BuildResult> {
  const t0 = performance.now();
  const p = await prepare({ root, name });
  const t1 = performance.now();
  const { doc, draft, revisions } = await renderBrief(p);
  const tRender = since(t1);
  const { brief } = p;
  const edition = currentEdition(brief);
  const dir = outputDir(brief, edition.version);
  const base = path.join(dir, `${brief.name}-${edition.version}`);
  let pdfPath: string | null = null;
  let pages: number | null = null;
  const timings: Record<string, number> = { ...p.timings, render: tRender };
  const warnings = [...p.warnings];
  let pdf: Uint8Array | null = null;
  if (!htmlOnly) {
    if (!printer) throw new Error('build: a printer is required unless htmlOnly');
    const t2 = performance.now();
    const printing = typeof printer === 'function' ? await printer() : printer;
    const out = await printDocument({ printer: printing, brief, input: { html: doc.printHtml, name: `${brief.name}-${edition.version}`, options: printOptions(brief, edition.date) } });
    timings.print = since(t2);
    Object.assign(timings, Object.fromEntries(Object.entries(out.timings).map(([k, v]) => [`print.${k}`, v])));
    pages = out.pages;
    pdf = out.pdf;
    warnings.push(...out.warnings);
  }
  if (strict && warnings.length) throw new UserError(asErrors(warnings));
  let docxBytes: Uint8Array | null = null;
  if (docx) {
    const t3 = performance.now();
    const { renderDocx } = await import('./docx/index.ts');
    docxBytes = await renderDocx({ brief, chapters: p.chapters, numbering: p.numbering, edition, revisions, draft, date: sourceDate(edition.date), cache: cacheDir(brief.root) });
    timings.docx = since(t3);
  }
  if (pdf) await writeAtomic((pdfPath = `${base}.pdf`), pdf);
  let docxPath: string | null = null;
  if (docxBytes) await writeAtomic((docxPath = `${base}.docx`), docxBytes);
  await writeAtomic(`${base}.html`, doc.html);
  timings.total = since(t0);
  return { brief, version: edition.version, html: `${base}.html`, pdf: pdfPath, docx: docxPath, pages, warnings, timings };
}
