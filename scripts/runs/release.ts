// `brief release`: build the newest edition without a draft mark, then archive it with the exact
// sources it was built from (edition/archive.ts writes the folder).
import { since } from '../timings.ts';
import { performance } from 'node:perf_hooks';
import { UserError } from '../messages.ts';
import type { Brief, Diagnostic } from '../types.ts';
import { archive, changedWhileReleasing, releaseProblems, type ReleaseHooks } from '../edition/archive.ts';
import { releaseDir, SOURCES, type Manifest } from '../edition/releases.ts';
import { readSources } from '../edition/source-hash.ts';
import { writeFailure } from '../write.ts';
import { prepare, print, printOptions, renderBrief, type PipelineContext, type PrinterSource } from '../pipeline.ts';

export interface ReleaseResult {
  brief: Brief;
  version: string;
  dir: string;
  manifest: Manifest;
  pages: number;
  warnings: Diagnostic[];
  timings: Record<string, number>;
}

export async function release(ctx: PipelineContext, { name, version, printer, hooks = {} }: { name: string; version?: string; printer: PrinterSource; hooks?: ReleaseHooks }): Promise<ReleaseResult> {
  const t0 = performance.now();
  const p = await prepare(ctx, { name });
  const { brief } = p;
  const problems = releaseProblems({ brief, requested: version });
  if (problems.length) throw new UserError(problems);

  const t1 = performance.now();
  const { doc, frame } = await renderBrief(p, { released: true });
  const { edition, sourceHash } = frame;
  const timings: Record<string, number> = { ...p.timings, render: since(t1) };
  const base = `${brief.name}-${edition.version}`;
  const printed = await print(printer, { brief, html: doc.printHtml, name: base, options: printOptions(ctx, brief, edition.date, { pdfa: true }) });
  timings.print = printed.ms;

  const sources = readSources(brief);
  if (sources.hash !== sourceHash) throw changedWhileReleasing(brief, sourceHash);
  const entries = [
    { path: `${base}.pdf`, bytes: printed.pdf },
    { path: `${base}.html`, bytes: Buffer.from(doc.html) },
    ...sources.files.map((f) => ({ path: `${SOURCES}/${f.path}`, bytes: f.bytes })),
  ];
  const t3 = performance.now();
  const dir = releaseDir(brief, edition.version);
  const manifest = await archive({ brief, edition, sourceHash, sourceDateEpoch: ctx.sourceDateEpoch, entries, hooks }).catch((e: unknown) => {
    throw writeFailure(e, dir) ?? e; // a full or read-only disk, named
  });
  timings.archive = since(t3);
  timings.total = since(t0);
  return { brief, version: edition.version, dir, manifest, pages: printed.pages, warnings: [...p.warnings, ...printed.warnings], timings };
}
