// Reads the archive under releases/<brief>/<version>/ (written by `brief release`).
//
// A release's `sources/` folder is itself a project root (content/<brief>/…, data/…), so
// `brief build --root releases/<brief>/<version>/sources` rebuilds it. Built from there, the brief's
// other releases are that folder's siblings: that is how such a rebuild finds its manifest (no draft
// mark) and the previous release's data (the revision log), and comes out byte-identical.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Brief } from '../types.ts';
import { compareVersions } from '../config/load.ts';

export interface ManifestFile {
  path: string; // relative to the release folder, forward slashes
  sha256: string;
  size: number;
}

export interface Manifest {
  version: string;
  date: string;
  sourceHash: string;
  tool: string;
  /** SOURCE_DATE_EPOCH in force when released, if any: a rebuild needs the same. */
  sourceDateEpoch?: number;
  files: ManifestFile[];
}

export const MANIFEST = 'manifest.json';
export const SOURCES = 'sources';

/** releases/<brief>/ of this project — or, for a root that is a release's sources/, the folder holding it. */
export function releasesRoot(brief: Pick<Brief, 'root' | 'name'>): string {
  const release = path.dirname(brief.root);
  if (path.basename(brief.root) === SOURCES && path.basename(path.dirname(release)) === brief.name && existsSync(path.join(release, MANIFEST))) {
    return path.dirname(release);
  }
  return path.join(brief.root, 'releases', brief.name);
}

export function releaseDir(brief: Pick<Brief, 'root' | 'name'>, version: string): string {
  return path.join(releasesRoot(brief), version);
}

/** The project root inside a release: where its sources were archived. */
export function snapshotRoot(brief: Pick<Brief, 'root' | 'name'>, version: string): string {
  return path.join(releaseDir(brief, version), SOURCES);
}

export function readManifest(brief: Pick<Brief, 'root' | 'name'>, version: string): Manifest | null {
  const file = path.join(releaseDir(brief, version), MANIFEST);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return null; // `brief verify` reports it
  }
}

/** Released versions, oldest first. Temp folders of a release under way start with a dot. */
export function listReleases(brief: Pick<Brief, 'root' | 'name'>): string[] {
  const dir = releasesRoot(brief);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((v) => !v.startsWith('.') && statSync(path.join(dir, v)).isDirectory() && existsSync(path.join(dir, v, MANIFEST)))
    .sort(compareVersions);
}

/** The newest release older than `version` (any release when omitted). */
export function previousRelease(brief: Pick<Brief, 'root' | 'name'>, version?: string): string | null {
  const older = listReleases(brief).filter((v) => version === undefined || compareVersions(v, version) < 0);
  return older[older.length - 1] ?? null;
}

/** A build is a release (no draft mark) only when its sources are exactly the released ones. */
export function isReleased(brief: Pick<Brief, 'root' | 'name'>, version: string, sourceHash: string): boolean {
  return readManifest(brief, version)?.sourceHash === sourceHash;
}
