// One country's pack, from the work shared by every pack (parsed chapters, datasets, templates,
// revision log) to its files: select → bind data in the country's scope → number → render (and
// .docx) in Node, then print in the browser and write.
import { since } from '../timings.ts';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { Reporter, UserError } from '../messages.ts';
import { asErrors } from '../print/document.ts';
import { writeAtomic } from '../write.ts';
import { by, type PackCountry } from '../packs/countries.ts';
import type { PackEntry } from '../packs/listing.ts';
import { packProblem } from '../packs/plan.ts';
import type { CiteContext } from '../cite/index.ts';
import type { Brief, Chapter, Datasets, Diagnostic, Numbering, PrintOptions, RenderedDocument, Target } from '../types.ts';
import { selectPack } from '../packs/select.ts';
import { bindChapters, editionFrame, numberChapters, print, renderDocument, type EditionFrame, type PipelineContext, type PrinterSource, type Prepared } from '../pipeline.ts';

/** Everything packs share, computed once per run. */
export interface PackContext {
  pipeline: PipelineContext;
  brief: Brief;
  datasets: Datasets;
  /** Chapters before data binding. */
  parsed: Chapter[];
  /** The full brief's tables, figures and sections, to name what a pack leaves out. */
  targets: Map<string, Target>;
  /** The same draft mark and source hash as the full brief of this edition. */
  frame: EditionFrame;
  cite: CiteContext | null;
}

export async function packContext(pipeline: PipelineContext, prepared: Prepared): Promise<PackContext> {
  const { brief, datasets } = prepared;
  return { pipeline, brief, datasets, parsed: prepared.parsed, targets: prepared.numbering.targets, frame: await editionFrame(prepared), cite: prepared.cite };
}

/** The pack's HTML edition and print HTML. Throws UserError when its data or content has errors. */
export async function makePack({ ctx, country, name }: { ctx: PackContext; country: string; name: string }): Promise<{ doc: RenderedDocument; warnings: Diagnostic[]; chapters: Chapter[]; numbering: Numbering }> {
  const { brief, datasets } = ctx;
  const pack = selectPack({ chapters: ctx.parsed, brief, country, targets: ctx.targets });
  const reporter = new Reporter();
  const scope = { column: brief.packs!.column, value: country };
  const bound = await bindChapters(ctx.pipeline, { brief, chapters: pack.chapters, datasets, reporter, scope });
  // The pack's own citations: first citations in full and a bibliography of its own works.
  const { chapters, numbering } = await numberChapters({ cite: ctx.cite, chapters: bound, reporter, whole: false, language: brief.language });
  if (reporter.hasErrors) throw new UserError(reporter.diagnostics);
  const doc = renderDocument({ brief, chapters, numbering }, ctx.frame, name);
  return { doc, warnings: reporter.diagnostics, chapters, numbering };
}

export interface Made {
  doc: RenderedDocument;
  /** The Word document, with --docx. */
  docx: Buffer | null;
  warnings: Diagnostic[];
  ms: number;
}

/** The pack's HTML, and its .docx when asked for (Node's share of the work). */
export async function make(ctx: PackContext, country: PackCountry, docx: boolean): Promise<Made> {
  if (!country.name) throw new UserError([packProblem(country.place, { rule: 'pack-code-invalid', args: { code: country.code, by: by(ctx.brief) } })]);
  const t0 = performance.now();
  const { doc, warnings, chapters, numbering } = await makePack({ ctx, country: country.code, name: country.name });
  const { edition, revisions, draft } = ctx.frame;
  const word = docx ? await (await import('../docx/index.ts')).renderDocx({ brief: ctx.brief, chapters, numbering, edition, revisions, draft, date: ctx.pipeline.sourceDate(edition.date), cache: ctx.pipeline.cacheDir, packCountry: country.name }) : null;
  return { doc, docx: word, warnings, ms: since(t0) };
}

/** The pack's PDF (the browser's share), then its files. Under `strict`, a pack with any warning of its own fails and writes nothing. */
export async function printAndWrite({ ctx, printer, country, made, dir, base, strict }: { ctx: PackContext; printer: PrinterSource; country: PackCountry; made: Made; dir: string; base: PrintOptions; strict: boolean }): Promise<{ entry: PackEntry; ms: number; warnings: Diagnostic[] }> {
  const { brief } = ctx;
  const name = country.name!;
  const file = `${brief.name}-${ctx.frame.edition.version}-${country.code}`;
  const out = await print(printer, { brief, html: made.doc.printHtml, name: `${file}.pdf`, options: { ...base, title: `${brief.title} — ${name}`, keywords: [...base.keywords, name] } });
  const all = [...made.warnings, ...out.warnings];
  if (strict && all.length) throw new UserError(asErrors(all));
  await writeAtomic(path.join(dir, `${file}.pdf`), out.pdf);
  const html = Buffer.from(made.doc.html); // encoded once for the file and its size (megabytes of inlined fonts)
  await writeAtomic(path.join(dir, `${file}.html`), html);
  if (made.docx) await writeAtomic(path.join(dir, `${file}.docx`), made.docx);
  return { entry: { country: country.code, name, pdf: `${file}.pdf`, html: `${file}.html`, pages: out.pages, bytes: out.pdf.byteLength, htmlBytes: html.byteLength }, ms: out.ms, warnings: all };
}
