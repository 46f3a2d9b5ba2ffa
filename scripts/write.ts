// Every output is written to a temp file beside it and renamed, so no reader sees half a file.
// A Ctrl-C (SIGINT) or SIGTERM during a write removes the temp file before the process ends.
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const inFlight = new Set<string>();

function onSignal(signal: NodeJS.Signals): void {
  for (const tmp of inFlight) rmSync(tmp, { force: true });
  inFlight.clear();
  detach();
  process.kill(process.pid, signal); // re-raise: default handling, or the app's own handlers
}

function detach(): void {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/** Registers a temp file to delete if the process is interrupted; call the result once it is renamed or removed. */
export function trackTemp(tmp: string): () => void {
  if (inFlight.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  inFlight.add(tmp);
  return () => {
    inFlight.delete(tmp);
    if (inFlight.size === 0) detach();
  };
}

let writes = 0;

export async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Unique per write, so two concurrent writes of one file (e.g. a shared cache entry) never share a temp.
  const tmp = `${file}.${process.pid}.${++writes}.tmp`;
  const done = trackTemp(tmp);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    done();
  }
}
