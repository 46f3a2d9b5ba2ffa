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
  // `../` is refused outright (SPEC §9), even when it would land back inside the root.
  if (p.split(/[\\/]/).includes('..')) return { ok: false, rule: 'path-escape' };
  const abs = path.resolve(base, p);
  if (!inside(root, abs)) return { ok: false, rule: 'path-escape' };
  if (existsSync(abs)) {
    const real = realpathSync(abs);
    if (!inside(realpathSync(root), real)) return { ok: false, rule: 'path-escape' };
  }
  return { ok: true, abs, rel: relToRoot(root, abs) };
}
