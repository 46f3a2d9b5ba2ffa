// Every output is written to a temp file beside it and renamed, so no reader sees half a file.
// A Ctrl-C (SIGINT) or SIGTERM during a write removes the temp file before the process ends (cleanup.ts).
import { accessSync, constants, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { onAbort } from './cleanup.ts';
import { RenderError, Reporter, type WriteCause } from './messages.ts';

/** Registers a temp file to delete if the process is interrupted; call the result once it is renamed or removed. */
function trackTemp(tmp: string): () => void {
  return onAbort(() => rmSync(tmp, { force: true }));
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

/** Temp files of writeAtomic and writeAtomicSync: `<name>.<pid>.<n or hex>.tmp` (hex: older versions). */
export const TEMP_FILE = /\.(\d+)\.[0-9a-f]+\.tmp$/;
const swept = new Set<string>();

/** removeAbandoned(dir, TEMP_FILE), once per folder and process. */
export function sweepOnce(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  removeAbandoned(dir, TEMP_FILE);
}

let writes = 0;

/** A temp name beside `file`, unique per write, so two concurrent writes of one file (e.g. a shared cache entry) never share a temp. */
function tempFor(file: string): string {
  return `${file}.${process.pid}.${++writes}.tmp`;
}

/** Writes `file` whole or not at all; a disk or permission fault is a `disk-full` / `write-denied` RenderError. */
export async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (e) {
    throw writeFailure(e, file) ?? e;
  }
  sweepOnce(path.dirname(file));
  const tmp = tempFor(file);
  const done = trackTemp(tmp);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw writeFailure(e, file) ?? e;
  } finally {
    done();
  }
}

/** writeAtomic for callers that cannot wait (the markdown and citation caches); no signal can land mid-write. */
export function writeAtomicSync(file: string, data: string | Uint8Array): void {
  const tmp = tempFor(file);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    sweepOnce(path.dirname(file));
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw writeFailure(e, file) ?? e;
  }
}

const FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOENT']);

/**
 * A failed write to `target` as a message naming its folder and the cause (exit 3), or null when
 * `e` is not a fault of the disk or the file system. `e.path` (what the failing call touched: a
 * parent folder, a temp file) is where the cause is looked for; the message names `target`.
 */
export function writeFailure(e: unknown, target: string): RenderError | null {
  const err = e as NodeJS.ErrnoException | undefined;
  if (!err?.code || !FAULTS.has(err.code)) return null;
  const folder = shown(path.dirname(target));
  const reporter = new Reporter();
  const place = { file: folder, line: 0, column: 0 };
  if (err.code === 'ENOSPC' || err.code === 'EDQUOT') reporter.report(place, 'disk-full', { path: shown(target), folder });
  else {
    const { cause, blocker } = writeCause(err.code, err.path ?? target, target);
    reporter.report(place, 'write-denied', { path: shown(target), folder, cause, blocker: shown(blocker), code: err.code });
  }
  return new RenderError(reporter.diagnostics[0]);
}

/**
 * Why a write failed. Node's recursive mkdir reports ENOENT (or EEXIST, ENOTDIR) where the real
 * cause is a file in the way or a read-only folder higher up, so the nearest existing ancestor of
 * the path is examined.
 */
function writeCause(code: string, attempted: string, target: string): { cause: WriteCause; blocker: string } {
  if (code === 'EISDIR') return { cause: 'is-folder', blocker: target };
  const { found, stat } = nearestExisting(attempted);
  if (code === 'EROFS') return { cause: 'read-only', blocker: found };
  if (code === 'EACCES' || code === 'EPERM') return { cause: 'denied', blocker: found };
  if (!stat) return { cause: 'other', blocker: attempted };
  if (!stat.isDirectory()) return { cause: found === path.resolve(target) ? 'other' : 'not-folder', blocker: found };
  try {
    accessSync(found, constants.W_OK);
  } catch (e) {
    const c = (e as NodeJS.ErrnoException).code;
    if (c === 'EROFS') return { cause: 'read-only', blocker: found };
    if (c === 'EACCES' || c === 'EPERM') return { cause: 'denied', blocker: found };
  }
  return { cause: 'other', blocker: found };
}

/** `p` itself if it exists, else its nearest existing ancestor. */
function nearestExisting(p: string): { found: string; stat: Stats | null } {
  for (let q = path.resolve(p); ; q = path.dirname(q)) {
    const stat = statOrNull(q);
    if (stat || q === path.dirname(q)) return { found: q, stat };
  }
}

/** Null where nothing can be found (ENOENT, or ENOTDIR: a file higher up). */
function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/** A path as the user will recognise it: relative to the working folder when inside it. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
}
