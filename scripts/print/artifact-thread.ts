// The artifact pass (artifacts.ts) shared with a thread of its own. Inflating, scanning and
// deflating every page's content stream is about half of the tagging time (a page with a map is
// half a megabyte of drawing); the thread starts on it while the caller rebuilds the structure
// tree, and once the caller is done it takes the streams the thread has not started yet: each
// stream is claimed once, from a counter both share, so whichever is free works. One thread a
// process, started when a print starts so that it is up when the PDF comes back; it never keeps
// the process alive while idle. Where no thread can start (or one dies), the caller's thread
// does it all: the same bytes either way.
//
// This file is both the thread's entry (started with workerData ROLE) and the caller's side.
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { startThread } from '../thread.ts';
import { markContent, type ContentStream } from './artifacts.ts';

const ROLE = 'briefkit-artifact-pass';

interface Job {
  id: number;
  streams: ContentStream[];
  /** One Int32: the index of the next stream nobody has claimed. */
  claims: SharedArrayBuffer;
}
/** `out[i]`: stream i marked (null: left as it is), or undefined when the caller claimed it. */
type Answer = { id: number; out: (Uint8Array | null | undefined)[] } | { id: number; error: string };

/** Marks the streams not yet claimed, claiming each from `claims` first. */
function markClaimed(streams: ContentStream[], claims: Int32Array, out: (Uint8Array | null | undefined)[]): void {
  for (let i = Atomics.add(claims, 0, 1); i < streams.length; i = Atomics.add(claims, 0, 1)) out[i] = markContent(streams[i]);
}

if (!isMainThread && workerData === ROLE) {
  parentPort!.on('message', ({ id, streams, claims }: Job) => {
    let answer: Answer;
    try {
      const out: (Uint8Array | null | undefined)[] = new Array(streams.length).fill(undefined);
      markClaimed(streams, new Int32Array(claims), out);
      // Fresh copies, so that transferring them detaches no buffer zlib or Buffer's pool shares.
      answer = { id, out: out.map((o) => (o ? new Uint8Array(o) : o)) };
    } catch (e) {
      answer = { id, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort!.postMessage(answer, 'out' in answer ? answer.out.flatMap((o) => (o ? [o.buffer as ArrayBuffer] : [])) : []);
  });
}

let thread: Worker | null = null;
let unavailable = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (out: (Uint8Array | null | undefined)[]) => void; reject: (e: Error) => void }>();

/** Starts the thread if it is not running (idempotent); a failure leaves the pass to the caller's thread. */
export function startArtifactThread(): void {
  if (thread || unavailable) return;
  // Under tsx (tests, development) the pass stays on the caller's thread: a thread would need tsx's
  // loader, whose esbuild process then lives as long as the thread, the process's life.
  if (import.meta.url.endsWith('.ts')) {
    unavailable = true;
    return;
  }
  try {
    thread = startThread(new URL(import.meta.url), { workerData: ROLE, execArgv: [], stdout: false, stderr: false });
  } catch {
    unavailable = true;
    return;
  }
  const t = thread;
  t.on('message', (a: Answer) => {
    const w = waiting.get(a.id);
    waiting.delete(a.id);
    if (!waiting.size) t.unref();
    if (!w) return;
    if ('error' in a) w.reject(new Error(a.error));
    else w.resolve(a.out);
  });
  const stop = (e: Error) => {
    if (thread === t) thread = null;
    unavailable = true;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  t.on('error', stop);
  t.on('exit', (code) => stop(new Error(`the artifact thread exited (${code})`)));
  // After the listeners: listening for messages refs the thread again.
  t.unref();
}

/**
 * The artifact pass under way: `finish` (once the caller is free) marks what is left and gives
 * every stream's result; with `help: false` it leaves every stream to the thread, if there is one.
 */
export interface Marking {
  finish(o?: { help?: boolean }): Promise<(Uint8Array | null)[]>;
}

/** Starts marking the streams on the artifact thread, when there is one; nothing runs on the caller's thread until `finish`. */
export function markContents(streams: ContentStream[]): Marking {
  startArtifactThread();
  const claims = new Int32Array(new SharedArrayBuffer(4));
  const t = thread;
  let answer: Promise<(Uint8Array | null | undefined)[]> | null = null;
  if (t && streams.length) {
    answer = new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      t.ref(); // a job waiting for its answer keeps the process alive
      // Copies of the data (each a view into the whole PDF), handed over rather than cloned again.
      const copies = streams.map((s) => ({ data: new Uint8Array(s.data), flate: s.flate }));
      t.postMessage({ id, streams: copies, claims: claims.buffer as SharedArrayBuffer } satisfies Job, copies.map((c) => c.data.buffer as ArrayBuffer));
    });
    answer.catch(() => undefined); // awaited in finish; until then a failure must not go unhandled
  }
  return {
    async finish({ help = true } = {}) {
      const out: (Uint8Array | null | undefined)[] = new Array(streams.length).fill(undefined);
      if (help || !answer) markClaimed(streams, claims, out);
      const theirs = answer ? await answer.catch(() => null) : null;
      // What the thread marked; what it claimed but could not give (it died) is marked here.
      return out.map((mine, i) => (mine !== undefined ? mine : theirs?.[i] !== undefined ? theirs[i]! : markContent(streams[i])));
    },
  };
}
