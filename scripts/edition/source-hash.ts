// The source hash names exactly what a build was made from: brief.yaml, chapters, datasets,
// the brief's template overrides, chart specs and images under the brief folder.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Brief } from '../types.ts';
import { relToRoot } from '../config/paths.ts';
import { sha256 } from '../hash.ts';

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Files a build reads, relative to the root, sorted. */
export function sourceFiles(brief: Brief): string[] {
  const files = new Set<string>(walk(brief.dir).map((p) => relToRoot(brief.root, p)));
  // Bibliography files and a .csl may lie outside the brief folder.
  for (const f of brief.citations?.files ?? []) files.add(f.path);
  if (brief.citations && 'file' in brief.citations.style) files.add(brief.citations.style.file);
  for (const ds of brief.datasets) {
    files.add(ds.path);
    const schema = ds.path.replace(/\.(csv|json|xlsx)$/i, '.schema.json');
    if (existsSync(path.join(brief.root, schema))) files.add(schema);
  }
  return [...files].sort();
}

export function hashSources(brief: Brief): { hash: string; files: string[] } {
  const { hash, files } = readSources(brief);
  return { hash, files: files.map((f) => f.path) };
}

/** Every source file's bytes and their hash, read once: what a release archives is exactly what it hashed. */
export function readSources(brief: Brief): { hash: string; files: { path: string; bytes: Buffer }[] } {
  const files = sourceFiles(brief).map((p) => ({ path: p, bytes: readFileSync(path.join(brief.root, p)) }));
  return { hash: sha256(...files.flatMap((f) => [f.path, '\0', f.bytes, '\0'])), files };
}
