// A release on disk: what may be released, and releases/<brief>/<version>/ written from the built
// files and the exact sources they came from. Everything is written into a dot folder beside it and
// renamed into place at the end, so a failure or Ctrl-C leaves no release. (runs/release.ts builds.)
import { existsSync, rmSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { removeAbandoned } from '../write.ts';
import { onAbort } from '../cleanup.ts';
import { sha256 } from '../hash.ts';
import path from 'node:path';
import { Reporter, UserError } from '../messages.ts';
import type { Brief, Diagnostic, Edition } from '../types.ts';
import { compareVersions, currentEdition } from '../config/load.ts';
import { relToRoot } from '../config/paths.ts';
import { TOOL_VERSION } from '../version.ts';
import { listReleases, MANIFEST, releaseDir, releasesRoot, SOURCES, type Manifest, type ManifestFile } from './releases.ts';

export interface ReleaseHooks {
  /** Called after each archived file is written (1-based index); a throw aborts the release. */
  afterWrite?: (file: string, index: number, total: number) => void | Promise<void>;
}


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

/** The sources on disk are no longer the ones the release was built from. */
export function changedWhileReleasing(brief: Brief, built: string): UserError {
  const r = new Reporter();
  r.report({ file: brief.file, line: 1, column: 1 }, 'release-sources-changed', { file: `the sources of ${brief.name} (hash ${built.slice(0, 12)})` });
  return new UserError(r.diagnostics);
}

/**
 * Writes `entries` (the PDF, the HTML and the sources) as releases/<brief>/<version>/ with its
 * manifest: into a dot folder first, renamed into place at the end.
 */
export async function archive({ brief, edition, sourceHash, sourceDateEpoch, entries, hooks = {} }: { brief: Brief; edition: Edition; sourceHash: string; sourceDateEpoch: number | null; entries: { path: string; bytes: Uint8Array }[]; hooks?: ReleaseHooks }): Promise<Manifest> {
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
    const manifest: Manifest = {
      version: edition.version,
      date: edition.date,
      sourceHash,
      tool: TOOL_VERSION,
      ...(sourceDateEpoch !== null ? { sourceDateEpoch } : {}),
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
