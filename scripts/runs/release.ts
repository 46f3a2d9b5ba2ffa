// `brief release`: build the newest edition without a draft mark, in the source language and every
// translation, then archive them in one release with the exact sources they were built from
// (edition/archive.ts writes the folder). A translation that lacks a chapter is not released.
import { since } from '../timings.ts';
import { performance } from 'node:perf_hooks';
import { Reporter, UserError } from '../messages.ts';
import type { Brief, Diagnostic } from '../types.ts';
import { archive, changedWhileReleasing, releaseProblems, type ReleaseHooks } from '../edition/archive.ts';
import { releaseDir, SOURCES, type Manifest } from '../edition/releases.ts';
import { readSources } from '../edition/source-hash.ts';
import { asErrors } from '../print/document.ts';
import { writeFailure } from '../write.ts';
import { currentEdition } from '../config/load.ts';
import { alternatesOf, distinctDiagnostics, editionBase, prepareLanguages, print, printOptions, renderBrief, type PipelineContext, type PrinterSource } from '../pipeline.ts';

export interface ReleaseResult {
  brief: Brief;
  version: string;
  dir: string;
  manifest: Manifest;
  pages: number;
  /** Languages archived, the source's first. */
  languages: string[];
  warnings: Diagnostic[];
  timings: Record<string, number>;
}

export async function release(ctx: PipelineContext, { name, version, printer, hooks = {} }: { name: string; version?: string; printer: PrinterSource; hooks?: ReleaseHooks }): Promise<ReleaseResult> {
  const t0 = performance.now();
  const languages = await prepareLanguages(ctx, { name });
  const { brief } = languages[0];
  const problems = releaseProblems({ brief, requested: version });
  // A draft prints an untranslated chapter in the source language; a release is every language, whole.
  const untranslated = new Reporter();
  for (const { brief: b } of languages) for (const m of b.translation?.missing ?? []) untranslated.report(m.place, 'translation-missing', { chapter: m.chapter, language: b.language, path: m.path });
  problems.push(...asErrors(untranslated.diagnostics));
  if (problems.length) throw new UserError(problems);

  const edition = currentEdition(brief);
  const timings: Record<string, number> = { ...languages[0].timings };
  const entries: { path: string; bytes: Uint8Array }[] = [];
  const warnings: Diagnostic[] = languages.flatMap((p) => p.warnings);
  let pages = 0;
  let sourceHash = '';
  // Every language printed side by side in the one browser, as a build does.
  const editions = await Promise.all(
    languages.map(async (p) => {
      const suffix = p.brief.translation ? `.${p.brief.translation.language}` : '';
      const t1 = performance.now();
      const { doc, frame } = await renderBrief(p, { released: true, alternates: alternatesOf(brief, edition.version, p.brief.language) });
      timings[`render${suffix}`] = since(t1);
      const base = editionBase(p.brief, edition.version);
      const printed = await print(printer, { brief: p.brief, html: doc.printHtml, name: base, options: printOptions(ctx, p.brief, edition.date, { pdfa: true }) });
      timings[`print${suffix}`] = printed.ms;
      return { suffix, base, doc, frame, printed };
    }),
  );
  for (const { suffix, base, doc, frame, printed } of editions) {
    sourceHash = frame.sourceHash;
    if (!suffix) pages = printed.pages;
    warnings.push(...printed.warnings);
    entries.push({ path: `${base}.pdf`, bytes: printed.pdf }, { path: `${base}.html`, bytes: Buffer.from(doc.html) });
  }

  const sources = readSources(brief);
  if (sources.hash !== sourceHash) throw changedWhileReleasing(brief, sourceHash);
  entries.push(...sources.files.map((f) => ({ path: `${SOURCES}/${f.path}`, bytes: f.bytes })));
  const t3 = performance.now();
  const dir = releaseDir(brief, edition.version);
  const manifest = await archive({ brief, edition, sourceHash, sourceDateEpoch: ctx.sourceDateEpoch, entries, hooks }).catch((e: unknown) => {
    throw writeFailure(e, dir) ?? e; // a full or read-only disk, named
  });
  timings.archive = since(t3);
  timings.total = since(t0);
  return { brief, version: edition.version, dir, manifest, pages, languages: languages.map((p) => p.brief.language), warnings: distinctDiagnostics(warnings), timings };
}
