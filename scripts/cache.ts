// The one cache: results kept by content under the project's .cache/ (rendered charts, parsed
// markdown, formatted citations, TrueType fonts for Word). A key hashes everything that changes
// the result, so a hit is a plain file read and nothing is ever invalidated by hand. Writes are
// atomic (write.ts): a reader sees a whole entry or none.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic, writeAtomicSync } from './write.ts';

export { contentKey as cacheKey } from './hash.ts';

/** The entry's text, or null when it is not cached (or cannot be read). */
export async function readCached(dir: string, name: string): Promise<string | null> {
  try {
    return await readFile(path.join(dir, name), 'utf8');
  } catch {
    return null;
  }
}

export function readCachedSync(dir: string, name: string): string | null {
  try {
    return readFileSync(path.join(dir, name), 'utf8');
  } catch {
    return null;
  }
}

/** Stores an entry; a read-only or full cache only costs time, so a failed write is ignored. */
export async function writeCached(dir: string, name: string, content: string): Promise<void> {
  await writeAtomic(path.join(dir, name), content).catch(() => undefined);
}

export function writeCachedSync(dir: string, name: string, content: string): void {
  try {
    writeAtomicSync(path.join(dir, name), content);
  } catch {
    // as in writeCached
  }
}

/**
 * The path of an entry that others read by path (resvg's font files), made by `make` on first
 * need. Here a failed write is an error: there is no copy in memory to fall back on.
 */
export async function cachedFile(dir: string, name: string, make: () => Promise<Uint8Array>): Promise<string> {
  const file = path.join(dir, name);
  if (!existsSync(file)) await writeAtomic(file, await make());
  return file;
}
