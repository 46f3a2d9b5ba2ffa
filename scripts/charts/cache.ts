// Rendered charts by content hash. Anything that changes the picture is in the
// key; a hit is a plain file read. Writes go to a temp file and are renamed.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../write.ts';

export function hashKey(parts: unknown[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? p : JSON.stringify(p) ?? 'undefined').update('\0');
  return h.digest('hex');
}

export async function readCached(dir: string, name: string): Promise<string | null> {
  try {
    return await readFile(path.join(dir, name), 'utf8');
  } catch {
    return null;
  }
}

export async function writeCached(dir: string, name: string, content: string): Promise<void> {
  await writeAtomic(path.join(dir, name), content);
}
