// packs/: one briefing pack per country, read top to bottom.
//
//   prepare once (parse, data, every check) → shared context (templates, revision log)
//   → the countries of this run (--country, --shard) → for each, in `concurrency` lanes over one
//   browser: make (select + bind + number + render, in Node, one pack ahead) then print
//   (Chromium), write, report → the index (or this shard's part of it).
//
// A pack that fails is reported by country and the others finish; nothing of it is left on disk.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cacheDir, outputDir, prepare, printOptions, sourceDate, type PrinterSource } from '../build.ts';
import { currentEdition, loadBrief } from '../config/load.ts';
import { RenderError, Reporter, UserError, type RuleCall } from '../messages.ts';
import type { Printer } from '../print/printer.ts';
import { asErrors, printDocument } from '../print/document.ts';
import type { Brief, Diagnostic, Place, PrintOptions, RenderedDocument } from '../types.ts';
import { writeAtomic } from '../write.ts';
import { by, inShard, packCountries, type PackCountry, type Shard } from './countries.ts';
import { mergeIndex, readIndex, writeIndex, type PackEntry, type PackFailureEntry, type PackIndex } from './listing.ts';
import { makePack, packContext, type PackContext } from './pack.ts';
import type { PackProgress } from './progress.ts';

export { parseShard, type Shard } from './countries.ts';
export { selectPack } from './select.ts';

export interface PackFailure extends PackFailureEntry {
  /** content: the sources or data (exit 1); render: the browser or the renderer (exit 3). */
  kind: 'content' | 'render';
  diagnostics: Diagnostic[];
}

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

export function packsDir(brief: Brief, version: string): string {
  return path.join(outputDir(brief, version), 'packs');
}

const since = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const key = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}:${d.rule}:${d.message}`;

function problem(place: Place, call: RuleCall<'pack-country-unknown' | 'pack-code-invalid' | 'pack-failed'>): Diagnostic {
  const r = new Reporter();
  r.reportCall(place, call);
  return r.diagnostics[0];
}

/** --country codes → the data's countries; an unknown code is a usage error listing the valid ones. */
function chooseCountries(all: PackCountry[], brief: Brief, only: string[] | undefined, shard: Shard | undefined): PackCountry[] {
  let chosen = all;
  if (only?.length) {
    const wanted = [...new Set(only.map((c) => c.trim().toUpperCase()).filter(Boolean))];
    const missing = wanted.filter((c) => !all.some((x) => x.code === c));
    if (missing.length) {
      const valid = all.map((c) => c.code).join(', ');
      const diagnostics = missing.map((code) => problem({ file: 'brief', line: 0, column: 0 }, { rule: 'pack-country-unknown', args: { code, by: by(brief), valid } }));
      throw Object.assign(new UserError(diagnostics), { usage: true });
    }
    chosen = all.filter((c) => wanted.includes(c.code));
  }
  return inShard(chosen, shard);
}

function packOptions(brief: Brief, base: PrintOptions, name: string): PrintOptions {
  return { ...base, title: `${brief.title} — ${name}`, keywords: [...base.keywords, name] };
}

interface Made {
  doc: RenderedDocument;
  /** The Word document, with --docx. */
  docx: Buffer | null;
  warnings: Diagnostic[];
  ms: number;
}

/** The pack's HTML, and its .docx when asked for (Node's share of the work). */
async function make(ctx: PackContext, country: PackCountry, docx: boolean): Promise<Made> {
  if (!country.name) throw new UserError([problem(country.place, { rule: 'pack-code-invalid', args: { code: country.code, by: by(ctx.brief) } })]);
  const t0 = performance.now();
  const { doc, warnings, chapters, numbering } = await makePack({ ctx, country: country.code, name: country.name });
  const word = docx
    ? await (await import('../docx/index.ts')).renderDocx({ brief: ctx.brief, chapters, numbering, edition: ctx.edition, revisions: ctx.revisions, draft: ctx.draft, date: sourceDate(ctx.edition.date), cache: ctx.cacheDir, packCountry: country.name })
    : null;
  return { doc, docx: word, warnings, ms: since(t0) };
}

/** The pack's PDF (the browser's share), then both files. */
/** Under `strict`, a pack with any warning of its own (`warnings`, or the print's) fails and writes nothing. */
async function printAndWrite({ ctx, printer, country, doc, docx, dir, base, warnings, strict }: { ctx: PackContext; printer: Printer; country: PackCountry; doc: RenderedDocument; docx: Buffer | null; dir: string; base: PrintOptions; warnings: Diagnostic[]; strict: boolean }): Promise<{ entry: PackEntry; ms: number; warnings: Diagnostic[] }> {
  const { brief, edition } = ctx;
  const name = country.name!;
  const file = `${brief.name}-${edition.version}-${country.code}`;
  const t0 = performance.now();
  const out = await printDocument({ printer, brief, input: { html: doc.printHtml, name: `${file}.pdf`, options: packOptions(brief, base, name) } });
  const ms = since(t0);
  const all = [...warnings, ...out.warnings];
  if (strict && all.length) throw new UserError(asErrors(all));
  await writeAtomic(path.join(dir, `${file}.pdf`), out.pdf);
  await writeAtomic(path.join(dir, `${file}.html`), doc.html);
  if (docx) await writeAtomic(path.join(dir, `${file}.docx`), docx);
  return { entry: { country: country.code, name, pdf: `${file}.pdf`, html: `${file}.html`, pages: out.pages, bytes: out.pdf.byteLength, htmlBytes: Buffer.byteLength(doc.html) }, ms, warnings: all };
}

function failure(country: PackCountry, e: unknown): PackFailure {
  const name = country.name ?? country.code;
  if (e instanceof UserError) {
    const errors = e.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0] ?? e.diagnostics[0];
    return { country: country.code, name, kind: 'content', diagnostics: errors, reason: first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : 'content errors' };
  }
  if (e instanceof RenderError) return { country: country.code, name, kind: 'render', diagnostics: [e.diagnostic], reason: e.diagnostic.message };
  const detail = String((e as Error)?.message ?? e).split('\n')[0];
  const d = problem({ file: `pack ${country.code}`, line: 1, column: 1 }, { rule: 'pack-failed', args: { code: country.code, country: name, detail } });
  return { country: country.code, name, kind: 'render', diagnostics: [d], reason: detail };
}

/**
 * Runs make → finish over `items` in `lanes` lanes, in list order. Claiming item i also starts
 * making item i+1 (once the current I/O has gone out), so Node builds the next pack's HTML while
 * the browser prints; at most lanes + 1 made packs wait in memory.
 */
async function pipeline<T, M>(items: T[], lanes: number, make: (item: T) => Promise<M>, finish: (item: T, made: Promise<M>) => Promise<void>): Promise<void> {
  const started = new Map<number, Promise<M>>();
  const start = (i: number) => {
    if (i >= items.length || started.has(i)) return;
    const made = new Promise<void>((r) => setImmediate(r)).then(() => make(items[i]));
    made.catch(() => undefined); // finish() handles the failure
    started.set(i, made);
  };
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      start(i);
      start(i + 1);
      const made = started.get(i)!;
      started.delete(i);
      await finish(items[i], made);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}

export async function buildPacks({
  root,
  name,
  countries: only,
  shard,
  concurrency = availableParallelism(),
  printer: source,
  progress,
  docx = false,
  strict = false,
}: {
  root: string;
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
}): Promise<PacksResult> {
  const t0 = performance.now();
  const prepared = await prepare({ root, name });
  if (strict && prepared.warnings.length) throw new UserError(asErrors(prepared.warnings));
  const { brief, datasets } = prepared;
  const reporter = new Reporter();
  const all = packCountries({ brief, datasets, reporter });
  if (reporter.hasErrors) throw new UserError(reporter.diagnostics);
  const chosen = chooseCountries(all, brief, only, shard);
  const ctx = await packContext({ prepared, cacheDir: cacheDir(root) });
  const version = ctx.edition.version;
  const dir = packsDir(brief, version);
  const base = printOptions(brief, ctx.edition.date);
  const timings: Record<string, number> = { prepare: since(t0), make: 0, print: 0 };

  const built: PacksResult['built'] = [];
  const failed: PackFailure[] = [];
  const seen = new Set(prepared.warnings.map(key));
  const warnings = [...prepared.warnings];
  const printer = chosen.length ? (typeof source === 'function' ? await source() : source) : null;
  progress?.start(chosen.length);
  try {
    await pipeline(chosen, concurrency, (country) => make(ctx, country, docx), async (country, making) => {
      const t = performance.now();
      try {
        const made = await making;
        const printed = await printAndWrite({ ctx, printer: printer!, country, doc: made.doc, docx: made.docx, dir, base, warnings: made.warnings, strict });
        built.push({ ...printed.entry, ms: made.ms + printed.ms });
        timings.make += made.ms;
        timings.print += printed.ms;
        for (const w of printed.warnings.filter((w) => !seen.has(key(w)))) {
          seen.add(key(w));
          warnings.push(w);
        }
        progress?.done({ country: country.code, name: printed.entry.name, ok: true, detail: `${printed.entry.pages} pages, ${Math.round(printed.entry.bytes / 1024)} kB`, ms: since(t) });
      } catch (e) {
        const f = failure(country, e);
        failed.push(f);
        // No stale pack of an earlier run may pass for this one.
        const file = path.join(dir, `${brief.name}-${version}-${country.code}`);
        await Promise.all([rm(`${file}.pdf`, { force: true }), rm(`${file}.html`, { force: true }), rm(`${file}.docx`, { force: true })]);
        progress?.done({ country: country.code, name: f.name, ok: false, detail: f.reason, ms: since(t) });
      }
    });
  } finally {
    progress?.stop();
  }

  const index = await writeIndex({ dir, shard, index: await runIndex({ brief, ctx, dir, built, failed, all, partial: !!only?.length && !shard }) });
  timings.make = Math.round(timings.make);
  timings.print = Math.round(timings.print);
  timings.total = since(t0);
  const order = (a: { country: string }, b: { country: string }) => (a.country < b.country ? -1 : 1);
  return { brief, version, dir, index, built: built.sort(order), failed: failed.sort(order), warnings, timings };
}

/**
 * The index of this run. A --country run keeps the other packs the previous index listed (when
 * their files are still there and the data still has the country), so re-rendering one pack does
 * not shrink the list.
 */
async function runIndex({ brief, ctx, dir, built, failed, all, partial }: { brief: Brief; ctx: PackContext; dir: string; built: PackEntry[]; failed: PackFailure[]; all: PackCountry[]; partial: boolean }): Promise<PackIndex> {
  const packs: PackEntry[] = built.map(({ country, name, pdf, html, pages, bytes, htmlBytes }) => ({ country, name, pdf, html, pages, bytes, htmlBytes }));
  const fails: PackFailureEntry[] = failed.map(({ country, name, reason }) => ({ country, name, reason }));
  if (partial) {
    const previous = await readIndex(path.join(dir, 'index.json'));
    if (previous && previous.version === ctx.edition.version) {
      const fresh = new Set([...packs, ...fails].map((e) => e.country));
      const valid = new Set(all.map((c) => c.code));
      const keep = (e: { country: string }) => !fresh.has(e.country) && valid.has(e.country);
      packs.push(...previous.packs.filter((e) => keep(e) && existsSync(path.join(dir, e.pdf)) && existsSync(path.join(dir, e.html))));
      fails.push(...previous.failed.filter(keep));
    }
  }
  return { brief: brief.name, title: brief.title, version: ctx.edition.version, date: ctx.edition.date, language: brief.language, packs, failed: fails };
}

/** `brief packs <brief> --merge-index`: joins the shard parts in the edition's packs folder. */
export async function mergePacks({ root, name }: { root: string; name: string }): Promise<{ brief: Brief; index: string; packs: number; failed: number; shards: number }> {
  const reporter = new Reporter();
  const brief = await loadBrief({ root, name, reporter });
  if (!brief) throw new UserError(reporter.diagnostics);
  const version = currentEdition(brief).version;
  const dir = packsDir(brief, version);
  const rel = (p: string) => path.relative(root, p) || '.';
  const { file, index, shards } = await mergeIndex({ dir, brief: brief.name, version, rel });
  return { brief, index: file, packs: index.packs.length, failed: index.failed.length, shards };
}

