// `brief build`: prepare → render → print → (docx) → write, for the source language and then each
// translation (SPEC §13), one browser for all. Every language is checked before anything is printed,
// and written only once every one has printed. `strict`: any warning (the sources' or the print's)
// fails the build with it as an error, and nothing is written.
import { since } from '../timings.ts';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from '../messages.ts';
import type { Brief, Diagnostic } from '../types.ts';
import { asErrors } from '../print/document.ts';
import { writeAtomic } from '../write.ts';
import { currentEdition } from '../config/load.ts';
import { alternatesOf, distinctDiagnostics, editionBase, outputDir, prepareLanguages, print, printOptions, warmPrinter, renderBriefPrintFirst, type PipelineContext, type Prepared, type PrinterSource, type StagedDocument } from '../pipeline.ts';

export interface BuildResult {
  brief: Brief;
  version: string;
  html: string; // path written
  pdf: string | null;
  docx: string | null;
  pages: number | null;
  /** The translated editions written beside it, in brief.yaml's order. */
  translations: { language: string; html: string; pdf: string | null; docx: string | null; pages: number | null }[];
  warnings: Diagnostic[];
  timings: Record<string, number>;
}

interface Built {
  brief: Brief;
  base: string;
  /** The HTML edition, encoded: while the browser prints, not after. */
  html: Uint8Array;
  pdf: Uint8Array | null;
  docx: Uint8Array | null;
  pages: number | null;
  /** The print's own warnings (page overflow…), kept per language so they are listed in language order. */
  printWarnings: Diagnostic[];
}

/**
 * `languages`: the editions to write (the brief's language and/or translations); default every one.
 * `last`: no print follows this build's (the command's last brief): the browser may end once its PDFs are made.
 */
export async function build(ctx: PipelineContext, { name, printer, htmlOnly = false, docx = false, strict = false, languages: only, last = false }: { name: string; printer?: PrinterSource; htmlOnly?: boolean; docx?: boolean; strict?: boolean; languages?: string[]; last?: boolean }): Promise<BuildResult> {
  const t0 = performance.now();
  const prepared = await prepareLanguages(ctx, { name, ...(only ? { languages: only } : {}) });
  const source = prepared[0];
  // The source is always prepared: its chapters are what translations are checked against.
  const languages = only ? prepared.filter((p) => only.includes(p.brief.language)) : prepared;
  const version = currentEdition(source.brief).version;
  if (printer && !htmlOnly) warmPrinter(printer, languages);
  const timings: Record<string, number> = { ...source.timings };
  const warnings: Diagnostic[] = prepared.flatMap((p) => p.warnings);
  // The languages print side by side in the one browser (it takes several pages at once): a second
  // language then costs its render and a share of the machine, not a second build's wall time.
  const built: Built[] = await Promise.all(
    languages.map((p) => {
      const suffix = p.brief.translation ? `.${p.brief.translation.language}` : '';
      return buildOne(ctx, p, { printer, htmlOnly, docx, last, alternates: alternatesOf(source.brief, version, p.brief.language), timings, suffix });
    }),
  );
  for (const b of built) warnings.push(...b.printWarnings);
  warnings.splice(0, warnings.length, ...distinctDiagnostics(warnings));
  if (strict && warnings.length) throw new UserError(asErrors(warnings));
  for (const b of built) {
    if (b.pdf) await writeAtomic(`${b.base}.pdf`, b.pdf);
    if (b.docx) await writeAtomic(`${b.base}.docx`, b.docx);
    await writeAtomic(`${b.base}.html`, b.html);
  }
  timings.total = since(t0);
  const paths = (b: Built) => ({ html: `${b.base}.html`, pdf: b.pdf ? `${b.base}.pdf` : null, docx: b.docx ? `${b.base}.docx` : null, pages: b.pages });
  // The first edition written (the source's, unless --lang left it out) heads the result.
  const [first, ...rest] = built;
  return {
    brief: first.brief,
    version,
    ...paths(first),
    translations: rest.map((b) => ({ language: b.brief.language, ...paths(b) })),
    warnings,
    timings,
  };
}

/** One language's edition rendered and printed, not yet written; its timings go in with `suffix` (".zh-Hans") after their names. */
async function buildOne(ctx: PipelineContext, p: Prepared, o: { printer?: PrinterSource; htmlOnly: boolean; docx: boolean; last: boolean; alternates: ReturnType<typeof alternatesOf>; timings: Record<string, number>; suffix: string }): Promise<Built> {
  const t1 = performance.now();
  const { doc, frame } = await renderBriefPrintFirst(p, { alternates: o.alternates });
  const { brief } = p;
  const { edition } = frame;
  o.timings[`render${o.suffix}`] = since(t1);
  const base = path.join(outputDir(brief, edition.version), editionBase(brief, edition.version));
  let printed: Awaited<ReturnType<typeof print>> | null = null;
  let html: Uint8Array;
  if (o.htmlOnly) html = editionOf(doc, o);
  else {
    // The released sources print as the release did: PDF/A-2u, without a draft mark.
    if (!o.printer) throw new Error('build: a printer is required unless htmlOnly');
    const { printer } = o;
    const options = printOptions(ctx, brief, edition.date, { pdfa: frame.draft === null });
    // The HTML edition is made while the browser makes the PDF: Node only waits on it then.
    const both = await printWhileMaking((whilePrinting) => print(printer, { brief, html: doc.printHtml, name: editionBase(brief, edition.version), options, whilePrinting, last: o.last }), () => editionOf(doc, o));
    printed = both.printed;
    html = both.made;
    o.timings[`print${o.suffix}`] = printed.ms;
    for (const [k, v] of Object.entries(printed.timings)) o.timings[`print${o.suffix}.${k}`] = v;
  }
  let docxBytes: Uint8Array | null = null;
  if (o.docx) {
    const t3 = performance.now();
    const { renderDocx } = await import('../docx/index.ts');
    docxBytes = await renderDocx({ brief, chapters: p.chapters, numbering: p.numbering, edition, revisions: frame.revisions, draft: frame.draft, date: ctx.sourceDate(edition.date), cache: ctx.cacheDir });
    o.timings[`docx${o.suffix}`] = since(t3);
  }
  return { brief, base, html, pdf: printed?.pdf ?? null, docx: docxBytes, pages: printed?.pages ?? null, printWarnings: printed?.warnings ?? [] };
}

/** The HTML edition of a document rendered print first, as UTF-8, timed as `render.edition` (with the suffix). */
function editionOf(doc: StagedDocument, o: { timings: Record<string, number>; suffix: string }): Uint8Array {
  const t0 = performance.now();
  // Encoded here (~8 ms for the 20-page brief's 1.7 MB): a build makes it while the browser prints.
  const html = Buffer.from(doc.edition());
  o.timings[`render${o.suffix}.edition`] = since(t0);
  return html;
}

/**
 * Starts a print and runs `make` once the browser is making the PDF (or the print has failed
 * before that), so Node's work and the browser's overlap. When `make` throws, its error is thrown
 * once the print has settled (it wins over the print's own, as when it ran first): a failed build
 * leaves no print in flight.
 */
export async function printWhileMaking<P, M>(start: (whilePrinting: () => void) => Promise<P>, make: () => M): Promise<{ printed: P; made: M }> {
  let pdfStarted!: () => void;
  const browserPrinting = new Promise<void>((resolve) => (pdfStarted = resolve));
  const printing = start(pdfStarted);
  const settled = printing.then(() => undefined, () => undefined);
  await Promise.race([browserPrinting, settled]);
  let made: M;
  try {
    made = make();
  } catch (e) {
    await settled;
    throw e;
  }
  return { printed: await printing, made };
}
