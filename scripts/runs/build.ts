// `brief build`: prepare → render → print → (docx) → write. `strict`: any warning (the sources'
// or the print's) fails the build with it as an error, and nothing is written.
import { since } from '../timings.ts';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from '../messages.ts';
import type { Brief, Diagnostic } from '../types.ts';
import { asErrors } from '../print/document.ts';
import { writeAtomic } from '../write.ts';
import { outputDir, prepare, print, printOptions, renderBrief, type PipelineContext, type PrinterSource } from '../pipeline.ts';

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

export async function build(ctx: PipelineContext, { name, printer, htmlOnly = false, docx = false, strict = false }: { name: string; printer?: PrinterSource; htmlOnly?: boolean; docx?: boolean; strict?: boolean }): Promise<BuildResult> {
  const t0 = performance.now();
  const p = await prepare(ctx, { name });
  const t1 = performance.now();
  const { doc, frame } = await renderBrief(p);
  const { brief } = p;
  const { edition } = frame;
  const timings: Record<string, number> = { ...p.timings, render: since(t1) };
  const base = path.join(outputDir(brief, edition.version), `${brief.name}-${edition.version}`);
  const warnings = [...p.warnings];
  let printed = null;
  if (!htmlOnly) {
    if (!printer) throw new Error('build: a printer is required unless htmlOnly');
    // The released sources print as the release did: PDF/A-2u, without a draft mark.
    printed = await print(printer, { brief, html: doc.printHtml, name: `${brief.name}-${edition.version}`, options: printOptions(ctx, brief, edition.date, { pdfa: frame.draft === null }) });
    timings.print = printed.ms;
    for (const [k, v] of Object.entries(printed.timings)) timings[`print.${k}`] = v;
    warnings.push(...printed.warnings);
  }
  if (strict && warnings.length) throw new UserError(asErrors(warnings));
  let docxBytes: Uint8Array | null = null;
  if (docx) {
    const t3 = performance.now();
    const { renderDocx } = await import('../docx/index.ts');
    docxBytes = await renderDocx({ brief, chapters: p.chapters, numbering: p.numbering, edition, revisions: frame.revisions, draft: frame.draft, date: ctx.sourceDate(edition.date), cache: ctx.cacheDir });
    timings.docx = since(t3);
  }
  if (printed) await writeAtomic(`${base}.pdf`, printed.pdf);
  if (docxBytes) await writeAtomic(`${base}.docx`, docxBytes);
  await writeAtomic(`${base}.html`, doc.html);
  timings.total = since(t0);
  return { brief, version: edition.version, html: `${base}.html`, pdf: printed ? `${base}.pdf` : null, docx: docxBytes ? `${base}.docx` : null, pages: printed?.pages ?? null, warnings, timings };
}
