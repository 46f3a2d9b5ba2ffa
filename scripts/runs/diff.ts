// `brief diff <brief> <from> <to>`: each side prepared by the pipeline — a release from its archived
// sources/, "draft" from the working tree — then the redline (edition/diff.ts) written as HTML,
// printed to PDF with the brief's own printer and, on request, as a Word document.
import { wordsFor } from '../words/index.ts';
import { since } from '../timings.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Reporter, UsageError } from '../messages.ts';
import type { Diagnostic } from '../types.ts';
import { currentEdition } from '../config/load.ts';
import { outputRoot } from '../config/paths.ts';
import { longDate } from '../render/document.ts';
import { redline, type ChapterChange, type Side } from '../edition/diff.ts';
import { listReleases, snapshotRoot } from '../edition/releases.ts';
import { hashSources } from '../edition/source-hash.ts';
import { assertSnapshotIntact } from '../edition/verify.ts';
import { writeAtomic } from '../write.ts';
import { prepare, print, printOptions, type PipelineContext, type PrinterSource } from '../pipeline.ts';

export interface DiffResult {
  html: string;
  pdf: string | null;
  docx: string | null;
  /** One line each: the editions, totals, data, then one per changed chapter. */
  summary: string[];
  /** What the printer could not fit or was refused (page-overflow, request-blocked). */
  warnings: Diagnostic[];
  chapters: ChapterChange[];
  timings: Record<string, number>;
}

async function loadSide(ctx: PipelineContext, { name, version }: { name: string; version: string }): Promise<Side> {
  if (version === 'draft') {
    const p = await prepare(ctx, { name });
    const e = currentEdition(p.brief);
    return { version, p, label: `working draft of edition ${e.version} (${hashSources(p.brief).hash.slice(0, 7)})` };
  }
  const src = snapshotRoot({ root: ctx.root, name }, version);
  if (!existsSync(src)) {
    const r = new Reporter();
    r.report({ file: `content/${name}/brief.yaml`, line: 1, column: 1 }, 'diff-version-unknown', { version, brief: name, known: listReleases({ root: ctx.root, name }).join(', ') });
    throw new UsageError(r.diagnostics);
  }
  assertSnapshotIntact({ project: ctx.root, dir: path.dirname(src), use: 'draw the redline' });
  const p = await prepare(ctx, { name, root: src });
  const e = currentEdition(p.brief);
  return { version, p, label: `edition ${e.version}, ${longDate(e.date, p.brief.language)}` };
}

export async function diffEditions(ctx: PipelineContext, { name, from, to, printer, docx = false }: { name: string; from: string; to: string; printer?: PrinterSource; docx?: boolean }): Promise<DiffResult> {
  const t0 = performance.now();
  const sides = (await Promise.all([loadSide(ctx, { name, version: from }), loadSide(ctx, { name, version: to })])) as [Side, Side];
  const timings: Record<string, number> = { prepare: since(t0) };
  const t1 = performance.now();
  const r = redline(sides);
  timings.redline = since(t1);

  const [old, next] = [sides[0].p, sides[1].p];
  const { brief } = next;
  const edition = currentEdition(brief);
  const base = path.join(outputRoot(ctx.root), name, `diff-${from}-${to}`);
  let pdf: string | null = null;
  const warnings: Diagnostic[] = [];
  if (printer) {
    const options = printOptions(ctx, brief, edition.date);
    const out = await print(printer, { brief, html: r.printHtml, name: `diff-${from}-${to}`, options: { ...options, title: `Redline: ${brief.title}, ${from} → ${to}`, allowedRoots: [ctx.root, ...options.allowedRoots] } });
    warnings.push(...out.warnings);
    await writeAtomic((pdf = `${base}.pdf`), out.pdf);
    timings.print = out.ms;
  }
  let docxPath: string | null = null;
  if (docx) {
    const t3 = performance.now();
    const { redlineDocx } = await import('../docx/redline.ts');
    const draft = to === 'draft' ? wordsFor(brief.language).t('draftMark', { version: edition.version, hash: hashSources(brief).hash.slice(0, 7) }) : null;
    const bytes = await redlineDocx({ brief, edition, draft, chapters: r.body, numberOf: (label) => next.numbering.footnotes.get(label)?.number, oldNumberOf: (label) => old.numbering.footnotes.get(label)?.number, date: ctx.sourceDate(edition.date), cache: ctx.cacheDir });
    await writeAtomic((docxPath = `${base}.docx`), bytes);
    timings.docx = since(t3);
  }
  await writeAtomic(`${base}.html`, r.html);
  timings.total = since(t0);
  return { html: `${base}.html`, pdf, docx: docxPath, warnings, summary: r.summary, chapters: r.chapters, timings };
}
