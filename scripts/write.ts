// Every output is written to a temp file beside it and renamed, so no reader sees half a file.
// A Ctrl-C (SIGINT) or SIGTERM during a write removes the temp file before the process ends.
import { readdirSync, rmSync } from 'node:fs';
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

/** False only when no process has this pid (a process of another user still counts as alive). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the entries of `dir` that `pattern` names (its first group: the writer's pid) whose
 * writer is gone: what a kill -9 or a power cut left behind, which no signal handler could remove.
 */
export function removeAbandoned(dir: string, pattern: RegExp): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder, nothing left
  }
  for (const n of names) {
    const pid = Number(pattern.exec(n)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(path.join(dir, n), { recursive: true, force: true });
  }
}

/** Temp files of writeAtomic and of the markdown cache: `<name>.<pid>.<n or hex>.tmp`. */
export const TEMP_FILE = /\.(\d+)\.[0-9a-f]+\.tmp$/;
const swept = new Set<string>();

/** removeAbandoned(dir, TEMP_FILE), once per folder and process. */
export function sweepOnce(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  removeAbandoned(dir, TEMP_FILE);
}

let writes = 0;

export async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  sweepOnce(path.dirname(file));
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
