// The printer (printer.ts) on a thread of its own, behind the same Printer interface. On 2 cores
// the CLI's thread is busy from start-up to the print HTML (parse, data, render); the printer's
// own start (puppeteer's import, Chromium's launch and the DevTools round trips that open a tab)
// then waited for it, and each round trip for a gap in its work. On a thread of its own the
// browser is up with a tab ready by the time the HTML is. The PDF comes back as the browser made
// it, and the caller's side finishes it (finish.ts: tags, ids, metadata): the caller's thread is
// idle then, and its warm heap ran the pass ~15% faster than the thread's fresh one.
//
// The thread cannot see signals, and is stopped without its exit hooks when the process ends: the
// caller's side (openPrinterThread) kills the browsers and removes the temp folders on an abort.
//
// This file is both the thread's code (started from printer-worker.ts with workerData.role ROLE)
// and the caller's side; the printer itself is imported only on the thread.
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { onAbort } from '../cleanup.ts';
import { outputRoot } from '../config/paths.ts';
import { RenderError, UsageError, UserError } from '../messages.ts';
import { printFailed } from './errors.ts';
import { killProcessesWithProfile } from './kill.ts';
import { startThread } from '../thread.ts';
import type { Diagnostic, PrintOptions } from '../types.ts';
import type { openPrinter, Printer, PrintResult, PrinterStats } from './printer.ts';

const ROLE = 'briefkit-printer';

type Options = Parameters<typeof openPrinter>[0];

type Request = { type: 'print'; id: number; input: { html: string; name: string; options: PrintOptions; last?: boolean } } | { type: 'open-pages'; id: number } | { type: 'warm'; text: string; languages: string[] } | { type: 'close' };

/** An error as it crosses the thread: a user's or rendering error keeps its diagnostics. */
type Failure = { kind: 'render'; diagnostic: Diagnostic } | { kind: 'user'; diagnostics: Diagnostic[]; usage: boolean } | { kind: 'error'; message: string; stack?: string };

type Reply =
  | { type: 'opened'; stats: PrinterStats }
  | { type: 'open-failed'; failure: Failure }
  | { type: 'printing'; id: number }
  | { type: 'printed'; id: number; result: PrintResult; stats: PrinterStats }
  | { type: 'failed'; id: number; failure: Failure; stats: PrinterStats }
  | { type: 'pages'; id: number; count: number }
  | { type: 'closed' };

function failure(e: unknown): Failure {
  if (e instanceof RenderError) return { kind: 'render', diagnostic: e.diagnostic };
  if (e instanceof UserError) return { kind: 'user', diagnostics: e.diagnostics, usage: e instanceof UsageError };
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'error', message: err.message, stack: err.stack };
}

function rethrown(f: Failure): Error {
  if (f.kind === 'render') return new RenderError(f.diagnostic);
  if (f.kind === 'user') return f.usage ? new UsageError(f.diagnostics) : new UserError(f.diagnostics);
  const e = new Error(f.message);
  if (f.stack) e.stack = f.stack;
  return e;
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort!;
  const post = (r: Reply) => port.postMessage(r);
  const { openPrinter } = await import('./printer.ts');
  // A command that prints is a process of a second or two whose code mostly runs a few thousand
  // times, beside a browser that wants the other core. At V8's default threshold the optimizing
  // compiler spent about a second of CPU on a cold build of the 20-page bench brief, more than the
  // code it made saved; at 8× it optimizes only the truly hot loops (the PDF/UA pass ~30% faster).
  // Raised here, for the whole process, once this thread has loaded: a V8 flag set at run time
  // makes every built-in module compiled after it skip Node's code cache, which cost this thread's
  // start and puppeteer's import ~40 ms when the CLI set it first (cold builds 25–38 ms faster).
  // The compiled CLI only: under tsx the thread runs in a test process, which keeps V8's defaults.
  if (!import.meta.url.endsWith('.ts')) setFlagsFromString('--interrupt-budget=540672');
  let opened: Printer | null = null;
  try {
    opened = await openPrinter((workerData as { options: Options }).options);
    post({ type: 'opened', stats: { ...opened.stats } });
  } catch (e) {
    post({ type: 'open-failed', failure: failure(e) });
    port.close();
  }
  const printer = opened;
  if (printer) port.on('message', async (m: Request) => {
    if (m.type === 'close') {
      await printer.close();
      post({ type: 'closed' });
      port.close();
    } else if (m.type === 'open-pages') post({ type: 'pages', id: m.id, count: await printer.openPages() });
    else if (m.type === 'warm') printer.warm(m.text, m.languages);
    else {
      try {
        // Unfinished: the caller tags it (finish.ts), on its own thread, idle and warm by then.
        const printed = await printer.print({ ...m.input, unfinished: true, whilePrinting: () => post({ type: 'printing', id: m.id }) });
        post({ type: 'printed', id: m.id, result: printed, stats: { ...printer.stats } });
      } catch (e) {
        post({ type: 'failed', id: m.id, failure: failure(e), stats: { ...printer.stats } });
      }
    }
  });
}

/**
 * What an abort leaves to the caller's thread: every browser this process launched for a printer
 * (found by its profile folder, under output/.tmp/print-<pid>-…) is killed, and those folders go,
 * with output/.tmp and output/ when they are left empty and were not there before.
 */
function abandon(tmpBase: string, outputExisted: boolean): void {
  const mine = `print-${process.pid}-`;
  let names: string[] = [];
  try {
    names = readdirSync(tmpBase).filter((n) => n.startsWith(mine));
  } catch {
    // no output/.tmp: nothing was made
  }
  for (const n of names) {
    killProcessesWithProfile(path.join(tmpBase, n), { under: true });
    // A browser just killed may still be writing into its profile: the removal tries again then.
    rmSync(path.join(tmpBase, n), { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  }
  try {
    rmdirSync(tmpBase);
    if (!outputExisted) rmdirSync(path.dirname(tmpBase));
  } catch {
    // not empty (another printer's), or gone
  }
}

/**
 * A printer thread still opening. A warm-up (Printer.warm) can go to it at once: the thread takes it
 * as soon as its printer has opened, even while this thread is busy rendering.
 */
export type OpeningPrinter = Promise<Printer> & Pick<Printer, 'warm'>;

/** openPrinter(), run on a thread of its own: rejects as openPrinter would when no browser starts. */
export function openPrinterThread(options: Options): OpeningPrinter {
  const tmpBase = path.join(outputRoot(path.resolve(options.allowedRoots[0] ?? '.')), '.tmp');
  const outputExisted = existsSync(path.dirname(tmpBase));
  // The entry file beside this one, .ts under tsx (tests, development); the thread inherits the
  // process's flags (a test's --import hooks).
  const entry = new URL(import.meta.url.endsWith('.ts') ? './printer-worker.ts' : './printer-worker.js', import.meta.url);
  const thread = startThread(entry, { workerData: { role: ROLE, options } });
  // The thread is stopped first: left running, it would meet its killed browser, retry and launch
  // another into the folders being removed.
  const detach = onAbort(() => {
    void thread.terminate();
    abandon(tmpBase, outputExisted);
  });
  const stats: PrinterStats = { prints: 0, networkRequests: 0, launches: 0, retries: 0 };
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void; whilePrinting?: () => void }>();
  let closing: Promise<void> | null = null;
  /** Why the thread is gone, once it is: every later question fails with it at once. */
  let gone: Error | null = null;
  let ended!: () => void;
  const end = new Promise<void>((resolve) => (ended = resolve));

  const ask = <T>(request: Request & { id: number }, whilePrinting?: () => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (gone) return reject(gone);
      waiting.set(request.id, { resolve: resolve as (v: never) => void, reject, ...(whilePrinting ? { whilePrinting } : {}) });
      thread.postMessage(request);
    });

  const warm = (text: string, languages: string[]) => {
    if (!closing && !gone) thread.postMessage({ type: 'warm', text, languages } satisfies Request);
  };

  const printer: Printer = {
    stats,
    async print(input) {
      if (closing) throw new Error('print() after close()');
      // The pass that finishes the PDF loads here while the browser makes it.
      let finishing: Promise<typeof import('./finish.ts')> | undefined;
      const whilePrinting = () => {
        if (!finishing) {
          finishing = import('./finish.ts');
          finishing.then((f) => f.prepareFinish()).catch(() => undefined);
        }
        input.whilePrinting?.();
      };
      const { unfinished, ...raw } = await ask<PrintResult>({ type: 'print', id: nextId++, input: { html: input.html, name: input.name, options: input.options, ...(input.last ? { last: true } : {}) } }, whilePrinting);
      try {
        const { finishPdf } = await (finishing ?? import('./finish.ts'));
        const finished = await finishPdf(raw.pdf, unfinished ?? {}, input.options);
        const timings = { ...raw.timings, ...finished.timings, total: (raw.timings.total ?? 0) + finished.timings.tags + finished.timings.metadata };
        return { ...raw, pdf: finished.pdf, timings, ...(finished.structure ? { structure: finished.structure } : {}) };
      } catch (e) {
        // As the printer in the caller's thread reports a print that failed after its PDF was made.
        throw printFailed(input.name, e);
      }
    },
    warm,
    openPages() {
      if (closing) return Promise.resolve(0);
      return ask<number>({ type: 'open-pages', id: nextId++ });
    },
    close() {
      closing ??= (async () => {
        if (!gone) thread.postMessage({ type: 'close' } satisfies Request);
        await end;
        detach();
      })();
      return closing;
    },
  };

  const opening = new Promise<Printer>((resolve, reject) => {
    let opened = false;
    const stop = (e: Error) => {
      gone ??= e;
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
      ended();
      if (!opened) {
        detach();
        abandon(tmpBase, outputExisted);
        reject(e);
      }
    };
    thread.on('message', (r: Reply) => {
      if (r.type === 'opened') {
        opened = true;
        Object.assign(stats, r.stats);
        resolve(printer);
      } else if (r.type === 'open-failed') stop(rethrown(r.failure));
      else if (r.type === 'closed') {
        gone = new Error('the printer is closed');
        ended();
        void thread.terminate();
      } else if (r.type === 'printing') waiting.get(r.id)?.whilePrinting?.();
      else {
        const w = waiting.get(r.id);
        waiting.delete(r.id);
        if (r.type === 'printed' || r.type === 'failed') Object.assign(stats, r.stats);
        if (!w) return;
        if (r.type === 'printed') w.resolve(r.result as never);
        else if (r.type === 'failed') w.reject(rethrown(r.failure));
        else w.resolve(r.count as never);
      }
    });
    thread.on('error', (e) => stop(e));
    thread.on('exit', (code) => stop(new Error(`the printer thread exited (${code})`)));
  });
  return Object.assign(opening, { warm });
}
