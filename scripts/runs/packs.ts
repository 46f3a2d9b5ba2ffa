// `brief packs`: one briefing pack per country, read top to bottom.
//
//   prepare once (parse, data, every check) → shared context (templates, revision log)
//   → the countries of this run (--country, --shard) → for each, in `concurrency` lanes over one
//   browser: make (select + bind + number + render, in Node, one pack ahead) then print
//   (Chromium), write, report → the index (or this shard's part of it).
//
// A pack that fails is reported by country and the others finish; nothing of it is left on disk.
import { since } from '../timings.ts';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { currentEdition, loadBrief } from '../config/load.ts';
import { Reporter, UserError } from '../messages.ts';
import { asErrors } from '../print/document.ts';
import type { Brief, Diagnostic } from '../types.ts';
import { packCountries, type Shard } from '../packs/countries.ts';
import { inLanes } from '../packs/lanes.ts';
import { mergeIndex, runIndex, writeIndex, type PackEntry } from '../packs/listing.ts';
import { chooseCountries, packFailure, type PackFailure } from '../packs/plan.ts';
import type { PackProgress } from '../packs/progress.ts';
import { outputDir, prepare, printOptions, type PipelineContext, type PrinterSource } from '../pipeline.ts';
import { make, packContext, printAndWrite } from './pack.ts';

export interface PacksResult {
  brief: Brief;
  version: string;
  /** output/<brief>/<version>/packs */
  dir: string;
  /** index.html, or this shard's index-shard-i-of-n.json */
  index: string;
  built: (PackEntry & { ms: number })[];
  failed: PackFailure[];
  warnings: Diagnostic[];
  timings: Record<string, number>;
}

/** output/<brief>/<version>/packs, and packs/<lang> for a translation's packs (each folder has its own index). */
export function packsDir(brief: Brief, version: string): string {
  return path.join(outputDir(brief, version), 'packs', ...(brief.translation ? [brief.translation.language] : []));
}

const key = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}:${d.rule}:${d.message}`;

interface PacksOptions {
  name: string;
  countries?: string[];
  shard?: Shard;
  concurrency?: number;
  printer: PrinterSource;
  progress?: PackProgress;
  /** Also write each pack as .docx. */
  docx?: boolean;
  /** Warnings are errors: the brief's stop every pack; a pack's own fail that pack (exit 1). */
  strict?: boolean;
  /** One of the brief's translations: its packs, from its chapters (default: the source language's). */
  language?: string;
}

export async function buildPacks(pipeline: PipelineContext, { name, countries: only, shard, concurrency = availableParallelism(), printer: source, progress, docx = false, strict = false, language }: PacksOptions): Promise<PacksResult> {
  const t0 = performance.now();
  const prepared = await prepare(pipeline, { name, language });
  if (strict && prepared.warnings.length) throw new UserError(asErrors(prepared.warnings));
  const { brief, datasets } = prepared;
  const reporter = new Reporter();
  const all = packCountries({ brief, datasets, reporter });
  if (reporter.hasErrors) throw new UserError(reporter.diagnostics);
  const chosen = chooseCountries(all, brief, only, shard);
  const ctx = await packContext(pipeline, prepared);
  const { version, date } = ctx.frame.edition;
  const dir = packsDir(brief, version);
  const base = printOptions(pipeline, brief, date);
  const timings: Record<string, number> = { prepare: since(t0), make: 0, print: 0 };

  const built: PacksResult['built'] = [];
  const failed: PackFailure[] = [];
  const seen = new Set(prepared.warnings.map(key));
  const warnings = [...prepared.warnings];
  const printer = chosen.length ? (typeof source === 'function' ? await source() : source) : null;
  progress?.start(chosen.length);
  try {
    await inLanes(chosen, concurrency, (country) => make(ctx, country, docx), async (country, making) => {
      const t = performance.now();
      try {
        const made = await making;
        const printed = await printAndWrite({ ctx, printer: printer!, country, made, dir, base, strict });
        built.push({ ...printed.entry, ms: made.ms + printed.ms });
        timings.make += made.ms;
        timings.print += printed.ms;
        for (const w of printed.warnings.filter((w) => !seen.has(key(w)))) {
          seen.add(key(w));
          warnings.push(w);
        }
        progress?.done({ country: country.code, name: printed.entry.name, ok: true, detail: `${printed.entry.pages} pages, ${Math.round(printed.entry.bytes / 1024)} kB`, ms: since(t) });
      } catch (e) {
        const f = packFailure(country, e);
        failed.push(f);
        // No stale pack of an earlier run may pass for this one.
        const file = path.join(dir, `${brief.name}-${version}-${country.code}`);
        await Promise.all(['pdf', 'html', 'docx'].map((ext) => rm(`${file}.${ext}`, { force: true })));
        progress?.done({ country: country.code, name: f.name, ok: false, detail: f.reason, ms: since(t) });
      }
    });
  } finally {
    progress?.stop();
  }

  const listed = await runIndex({ brief, version, date, dir, built, failed, countries: all.map((c) => c.code), partial: !!only?.length && !shard });
  const index = await writeIndex({ dir, shard, index: listed });
  timings.make = Math.round(timings.make);
  timings.print = Math.round(timings.print);
  timings.total = since(t0);
  const order = (a: { country: string }, b: { country: string }) => (a.country < b.country ? -1 : 1);
  return { brief, version, dir, index, built: built.sort(order), failed: failed.sort(order), warnings, timings };
}

/** `brief packs <brief> --merge-index`: joins the shard parts in the edition's packs folder. */
export async function mergePacks(pipeline: PipelineContext, { name, language }: { name: string; language?: string }): Promise<{ brief: Brief; index: string; packs: number; failed: number; shards: number }> {
  const reporter = new Reporter();
  const source = await loadBrief({ root: pipeline.root, name, reporter });
  if (!source) throw new UserError(reporter.diagnostics);
  // Only the folder matters here: a translation's packs are under packs/<lang>/.
  const brief: Brief = language ? { ...source, translation: { language, dir: '', missing: [] } } : source;
  const version = currentEdition(brief).version;
  const dir = packsDir(brief, version);
  const rel = (p: string) => path.relative(pipeline.root, p) || '.';
  const { file, index, shards } = await mergeIndex({ dir, brief: brief.name, version, rel });
  return { brief, index: file, packs: index.packs.length, failed: index.failed.length, shards };
}
