// The one sha256 helper: cache keys, source hashes, release manifests, PDF file ids.
import { createHash } from 'node:crypto';

/** Hex sha256 of the parts, fed in order with nothing between them. */
export function sha256(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/**
 * A key for a cached result: each part (a string as it is, anything else as JSON) ends with a
 * NUL, so ['ab', 'c'] and ['a', 'bc'] give different keys.
 */
export function contentKey(parts: unknown[]): string {
  return sha256(...parts.flatMap((p) => [typeof p === 'string' ? p : (JSON.stringify(p) ?? 'undefined'), '\0']));
}
