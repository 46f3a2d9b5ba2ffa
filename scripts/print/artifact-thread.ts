// The artifact pass (artifacts.ts) on a thread of its own. Inflating, scanning and deflating every
// page's content stream is about half of the tagging time (a page with a map is half a megabyte of
// drawing); on its own thread it runs while the main thread rebuilds the structure tree. One thread
// a process, started when a print starts so that it is up when the PDF comes back; it never keeps
// the process alive while idle. Where no thread can start (or one dies), the pass runs on the
// caller's thread: the same bytes either way.
//
// This file is both the thread's entry (started with workerData ROLE) and the caller's side.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { markContent, type ContentStream } from './artifacts.ts';

const ROLE = 'briefkit-artifact-pass';

interface Job {
  id: number;
  streams: ContentStream[];
}
type Answer = { id: number; out: (Uint8Array | null)[] } | { id: number; error: string };

if (!isMainThread && workerData === ROLE) {
  parentPort!.on('message', ({ id, streams }: Job) => {
    let answer: Answer;
    try {
      // Fresh copies, so that transferring them detaches no buffer zlib or Buffer's pool shares.
      answer = { id, out: streams.map((s) => ((out) => (out ? new Uint8Array(out) : null))(markContent(s))) };
    } catch (e) {
      answer = { id, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort!.postMessage(answer, 'out' in answer ? answer.out.flatMap((o) => (o ? [o.buffer as ArrayBuffer] : [])) : []);
  });
}

let thread: Worker | null = null;
let unavailable = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (out: (Uint8Array | null)[]) => void; reject: (e: Error) => void }>();

/** Starts the thread if it is not running (idempotent); a failure leaves the pass to the caller's thread. */
export function startArtifactThread(): void {
  if (thread || unavailable) return;
  try {
    // Under tsx (tests, development) the thread loads this file as TypeScript through tsx as well.
    const typescript = import.meta.url.endsWith('.ts');
    const execArgv = typescript ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
    thread = new Worker(new URL(import.meta.url), { workerData: ROLE, execArgv, stdout: false, stderr: false });
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

/** Each stream marked (null: left as it is), on the artifact thread when there is one. */
export async function markContents(streams: ContentStream[]): Promise<(Uint8Array | null)[]> {
  startArtifactThread();
  const t = thread;
  if (t && streams.length) {
    try {
      return await new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        t.ref(); // a job waiting for its answer keeps the process alive
        // Copies of the data (each a view into the whole PDF), handed over rather than cloned again.
        const copies = streams.map((s) => ({ data: new Uint8Array(s.data), flate: s.flate }));
        t.postMessage({ id, streams: copies } satisfies Job, copies.map((c) => c.data.buffer));
      });
    } catch {
      // The thread died or failed on this job: the caller's thread does it.
    }
  }
  return streams.map(markContent);
}
