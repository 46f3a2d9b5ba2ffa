// `brief release`: build the newest edition without a draft mark and archive it, with the exact
// sources it was built from, under releases/<brief>/<version>/. Everything is written into a dot
// folder beside it and renamed into place at the end, so a failure or Ctrl-C leaves no release.
import { existsSync, rmSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { removeAbandoned } from '../write.ts';
import { onAbort } from '../cleanup.ts';
import { sha256 } from '../hash.ts';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Reporter, UserError } from '../messages.ts';
import type { Brief, Diagnostic, Edition } from '../types.ts';
import { compareVersions, currentEdition } from '../config/load.ts';
import { relToRoot } from '../config/paths.ts';
import { prepare, printOptions, renderBrief, sourceDateEpoch, type PrinterSource } from '../build.ts';
import { TOOL_VERSION } from '../version.ts';
import { listReleases, MANIFEST, releaseDir, releasesRoot, SOURCES, type Manifest, type ManifestFile } from './releases.ts';
import { readSources } from './source-hash.ts';
import { printDocument } from '../print/document.ts';
import { writeFailure } from '../write.ts';

export interface ReleaseHooks {
  /** Called after each archived file is written (1-based index); a throw aborts the release. */
  afterWrite?: (file: string, index: number, total: number) => void | Promise<void>;
}

export interface ReleaseResult {
  brief: Brief;
  version: string;
  dir: string;
  manifest: Manifest;
  pages: number;
  warnings: Diagnostic[];
  timings: Record<string, number>;
}

const since = (t0: number) => Math.round(performance.now() - t0);

/** Every reason the newest edition cannot be released, located at its entry in brief.yaml. */
export function releaseProblems({ brief, requested }: { brief: Brief; requested?: string }): Diagnostic[] {
  const reporter = new Reporter();
  const edition = currentEdition(brief);
  if (requested !== undefined && requested !== edition.version) {
    const named = brief.editions.find((e) => e.version === requested);
    reporter.report((named ?? edition).place, 'release-version-not-newest', { requested, newest: edition.version, brief: brief.name });
    return reporter.diagnostics;
  }
  const dir = releaseDir(brief, edition.version);
  const last = listReleases(brief).pop();
  if (existsSync(dir)) reporter.report(edition.place, 'release-exists', { version: edition.version, dir: relToRoot(brief.root, dir), file: brief.file });
  else if (last && compareVersions(edition.version, last) <= 0) reporter.report(edition.place, 'release-not-newer', { version: edition.version, last });
  if (!edition.summary.trim()) reporter.report(edition.place, 'release-summary-missing', { version: edition.version });
  return reporter.diagnostics;
}

export async function release({ root, name, version, printer, hooks = {} }: { root: string; name: string; version?: string; printer: PrinterSource; hooks?: ReleaseHooks }): Promise<ReleaseResult> {
  const t0 = performance.now();
  const p = await prepare({ root, name });
  const { brief } = p;
  const problems = releaseProblems({ brief, requested: version });
  if (problems.length) throw new UserError(problems);
  const edition = currentEdition(brief);

  const t1 = performance.now();
  const { doc, sourceHash } = await renderBrief(p, { released: true });
  const timings: Record<string, number> = { ...p.timings, render: since(t1) };
  const t2 = performance.now();
  const printing = typeof printer === 'function' ? await printer() : printer;
  const printed = await printDocument({ printer: printing, brief, input: { html: doc.printHtml, name: `${brief.name}-${edition.version}`, options: printOptions(brief, edition.date) } });
  timings.print = since(t2);

  const sources = readSources(brief);
  if (sources.hash !== sourceHash) throw changedWhileReleasing(brief, sourceHash);
  const base = `${brief.name}-${edition.version}`;
  const entries = [
    { path: `${base}.pdf`, bytes: printed.pdf },
    { path: `${base}.html`, bytes: Buffer.from(doc.html) },
    ...sources.files.map((f) => ({ path: `${SOURCES}/${f.path}`, bytes: f.bytes })),
  ];
  const t3 = performance.now();
  const manifest = await archive({ brief, edition, sourceHash, entries, hooks }).catch((e: unknown) => {
    throw writeFailure(e, releaseDir(brief, edition.version)) ?? e; // a full or read-only disk, named
  });
  timings.archive = since(t3);
  timings.total = since(t0);
  return { brief, version: edition.version, dir: releaseDir(brief, edition.version), manifest, pages: printed.pages, warnings: [...p.warnings, ...printed.warnings], timings };
}

function changedWhileReleasing(brief: Brief, built: string): UserError {
  const r = new Reporter();
  r.report({ file: brief.file, line: 1, column: 1 }, 'release-sources-changed', { file: `the sources of ${brief.name} (hash ${built.slice(0, 12)})` });
  return new UserError(r.diagnostics);
}

async function archive({ brief, edition, sourceHash, entries, hooks }: { brief: Brief; edition: Edition; sourceHash: string; entries: { path: string; bytes: Uint8Array }[]; hooks: ReleaseHooks }): Promise<Manifest> {
  const dir = releaseDir(brief, edition.version);
  const parent = releasesRoot(brief);
  await mkdir(parent, { recursive: true });
  removeAbandonedReleases(parent);
  const tmp = path.join(parent, `.${edition.version}.partial-${process.pid}`);
  const stopGuard = guardSignals(tmp);
  try {
    await rm(tmp, { recursive: true, force: true });
    const files: ManifestFile[] = [];
    let i = 0;
    for (const e of entries) {
      const abs = path.join(tmp, ...e.path.split('/'));
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, e.bytes);
      await chmod(abs, 0o444); // released files are read-only: an editor warns before changing one
      files.push({ path: e.path, sha256: sha256(e.bytes), size: e.bytes.byteLength });
      await hooks.afterWrite?.(e.path, ++i, entries.length);
    }
    const epoch = sourceDateEpoch();
    const manifest: Manifest = {
      version: edition.version,
      date: edition.date,
      sourceHash,
      tool: TOOL_VERSION,
      ...(epoch !== undefined ? { sourceDateEpoch: epoch } : {}),
      files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    };
    await writeFile(path.join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await chmod(path.join(tmp, MANIFEST), 0o444);
    if (existsSync(dir)) throw new UserError(releaseProblems({ brief })); // released by someone else meanwhile
    await rename(tmp, dir);
    return manifest;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    stopGuard();
  }
}

/** Dot folders left by a release whose process no longer runs (killed with SIGKILL, power cut). */
function removeAbandonedReleases(parent: string): void {
  removeAbandoned(parent, /^\..+\.partial-(\d+)$/);
}

/** On exit, Ctrl-C or SIGTERM remove the temp folder (cleanup.ts decides how the process then ends). */
function guardSignals(tmp: string): () => void {
  return onAbort(() => rmSync(tmp, { recursive: true, force: true }));
}
