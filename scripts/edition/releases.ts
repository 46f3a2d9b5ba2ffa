// Reads the archive under releases/<brief>/<version>/ (written by `brief release`).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Brief } from '../types.ts';

export interface Manifest {
  version: string;
  date: string;
  sourceHash: string;
  tool: string;
  files: { path: string; sha256: string; size: number }[];
}

export function releaseDir(brief: Brief, version: string): string {
  return path.join(brief.root, 'releases', brief.name, version);
}

export function readManifest(brief: Brief, version: string): Manifest | null {
  const file = path.join(releaseDir(brief, version), 'manifest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : null;
}

/** A build is a release (no draft mark) only when its sources are exactly the released ones. */
export function isReleased(brief: Brief, version: string, sourceHash: string): boolean {
  return readManifest(brief, version)?.sourceHash === sourceHash;
}
