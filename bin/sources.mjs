// The fingerprint of the TypeScript sources that dist/ is compiled from: bin/brief.mjs runs dist/
// only when it matches, so an edited source is never run as old compiled code.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DIST = path.join(ROOT, 'dist');
export const STAMP = path.join(DIST, 'sources.sha256');

/** A hash of every file under scripts/ (path and content) and of the compile script itself. */
export function sourcesHash() {
  const files = readdirSync(path.join(ROOT, 'scripts'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath ?? e.path, e.name)))
    .sort();
  files.push('bin/compile.mjs', 'bin/sources.mjs');
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f}\0`).update(readFileSync(path.join(ROOT, f))).update('\0');
  return hash.digest('hex');
}

/** The hash dist/ was compiled from, or null when there is no complete build. */
export function compiledHash() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return null;
  }
}
