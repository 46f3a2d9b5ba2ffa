// Every path a brief names goes through here, so nothing can leave the project root.
import { realpathSync, existsSync } from 'node:fs';
import path from 'node:path';

export type Resolved =
  | { ok: true; abs: string; rel: string }
  | { ok: false; rule: 'path-escape' | 'path-absolute' };

/** Forward-slash path relative to the root, as shown in messages. */
export function relToRoot(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

function inside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves `p` (as written by the author) against `base`, refusing absolute
 * paths, `../` escapes and symlinks whose target lies outside `root`.
 */
export function resolveInside({ root, base, p }: { root: string; base: string; p: string }): Resolved {
  if (path.isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('file:')) return { ok: false, rule: 'path-absolute' };
  // `../` is refused outright (the renderer reads only files under the project root), even when it would land back inside the root.
  if (p.split(/[\\/]/).includes('..')) return { ok: false, rule: 'path-escape' };
  const abs = path.resolve(base, p);
  if (!inside(root, abs)) return { ok: false, rule: 'path-escape' };
  if (existsSync(abs)) {
    const real = realpathSync(abs);
    if (!inside(realpathSync(root), real)) return { ok: false, rule: 'path-escape' };
  }
  return { ok: true, abs, rel: relToRoot(root, abs) };
}

/**
 * A release's archived sources (`<project>/releases/<brief>/<version>/sources`) are a project root of
 * their own, so they can be rebuilt; this names the project that holds them, or null for any other root.
 */
export function snapshotOf(root: string): { project: string; brief: string; version: string } | null {
  const sources = path.resolve(root);
  const version = path.dirname(sources);
  const brief = path.dirname(version);
  const releases = path.dirname(brief);
  if (path.basename(sources) !== 'sources' || path.basename(releases) !== 'releases') return null;
  return { project: path.dirname(releases), brief: path.basename(brief), version: path.basename(version) };
}

/** The folder a command may write caches into: the project's own, never a release's (releases are immutable). */
export function cacheDir(root: string): string {
  return path.join(snapshotOf(root)?.project ?? root, '.cache');
}

/** The folder a command writes its products into: the project's own output/, never a release's. */
export function outputRoot(root: string): string {
  return path.join(snapshotOf(root)?.project ?? root, 'output');
}
