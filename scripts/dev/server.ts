// `brief dev`: a preview server on 127.0.0.1 only. It watches the brief's sources, rebuilds what a
// save invalidates, and tells the page to reload (Server-Sent Events); `/pdf` prints the current
// build on demand.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { watch, type FSWatcher } from 'chokidar';
import { print, printOptions } from '../pipeline.ts';
import { currentEdition, loadBrief } from '../config/load.ts';
import { formatDiagnostic, RenderError, Reporter, UsageError, UserError } from '../messages.ts';
import type { Printer } from '../print/printer.ts';
import { TEMPLATES_DIR } from '../render/templates.ts';
import type { Diagnostic } from '../types.ts';
import { clientDiagnostic, devPage, EVENTS_PATH, FONTS_PATH } from './page.ts';
import { faceFileNamed } from '../render/fonts.ts';
import { DevSession, type Change, type RebuildResult } from './session.ts';
import { sha256 } from '../hash.ts';

export interface DevServer {
  url: string;
  port: number;
  session: DevSession;
  /** Resolves after the next rebuild (for tests and tooling). */
  nextRebuild(): Promise<RebuildResult>;
  /** Resolves once no rebuild runs or waits and every save seen so far has been rechecked. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface DevOptions {
  root: string;
  name: string;
  /** 0 picks a free port. */
  port: number;
  log: (line: string) => void;
  /** Opens the printer for /pdf on first use. */
  openPrinter: () => Promise<Printer>;
  /** Milliseconds to gather the events of one save (editors write, rename, touch). */
  settle?: number;
}

const HOST = '127.0.0.1';
/** Longer than the watcher's 50 ms window in which it drops further change events of a file. */
const RECHECK_MS = 120;

/** What a file holds now, as a hash; '' when it cannot be read (removed, or a folder). */
function fingerprint(file: string): string {
  try {
    return sha256(readFileSync(file));
  } catch {
    return '';
  }
}

export async function startDevServer(opts: DevOptions): Promise<DevServer> {
  const { root, name, log } = opts;
  const session = new DevSession({ root, name });
  const clients = new Set<ServerResponse>();
  let waiters: ((r: RebuildResult) => void)[] = [];

  const send = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of clients) res.write(frame);
  };

  const report = (r: RebuildResult) => {
    for (const d of r.diagnostics) log(formatDiagnostic(d));
    if (r.ok) log(`rebuilt ${r.scope} in ${r.timings.total} ms`);
    else log(`${r.diagnostics.filter((d) => d.severity === 'error').length} error(s): keeping the last good page`);
  };

  // One rebuild at a time; saves that arrive meanwhile are gathered into the next one.
  let pending: { kind: Change; file?: string }[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const settle = opts.settle ?? 15;
  // The watcher lets one change event per file through every 50 ms and drops the rest, and a
  // rebuild may read a file its editor is still writing. So every rebuild remembers what each
  // changed file held when it started, and a recheck after each event rebuilds again if the
  // file holds something else by then: the page always ends on the last save.
  const started = new Map<string, string>();
  const rechecks = new Set<NodeJS.Timeout>();
  let idleWaiters: (() => void)[] = [];
  const busy = () => running !== null || timer !== null || pending.length > 0 || rechecks.size > 0;
  const wakeIfIdle = () => {
    if (busy()) return;
    const w = idleWaiters;
    idleWaiters = [];
    for (const f of w) f();
  };

  const run = async () => {
    while (pending.length) {
      const changes = pending;
      pending = [];
      for (const c of changes) if (c.file) started.set(c.file, fingerprint(c.file));
      let r: RebuildResult;
      try {
        r = await session.rebuild(changes);
      } catch (e) {
        // A bug, not the author's mistake: say so, keep serving the last good page.
        log(`brief dev: internal error: ${(e as Error).stack ?? e}`);
        r = { ok: false, diagnostics: session.diagnostics, timings: {}, scope: 'failed' };
      }
      report(r);
      if (r.ok) send('reload', { generation: session.good?.generation ?? 0, ms: r.timings.total });
      else send('problems', { diagnostics: r.diagnostics.map(clientDiagnostic) });
      const w = waiters;
      waiters = [];
      for (const f of w) f(r);
    }
  };
  const kick = () => {
    if (running || !pending.length) return wakeIfIdle();
    running = run().finally(() => {
      running = null;
      kick();
    });
  };
  const schedule = (change: { kind: Change; file?: string }) => {
    pending.push(change);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      kick();
    }, settle);
  };
  const recheckLater = (change: { kind: Change; file: string }) => {
    const t = setTimeout(() => {
      rechecks.delete(t);
      const queued = pending.some((p) => p.file === change.file);
      if (!queued && started.get(change.file) !== fingerprint(change.file)) schedule(change);
      else wakeIfIdle();
    }, RECHECK_MS);
    rechecks.add(t);
  };

  const t0 = performance.now();
  const first = await session.rebuild();
  report(first);
  log(`first build in ${Math.round(performance.now() - t0)} ms`);

  const briefDir = path.join(root, 'content', name);
  const watcher: FSWatcher = watch([briefDir, path.join(root, 'data'), TEMPLATES_DIR, ...(session.brief?.datasets.map((d) => path.join(root, d.path)) ?? [])], {
    ignoreInitial: true,
    ignored: (p: string) => /(^|[\\/])(\.git|node_modules|\.cache|output)([\\/]|$)/.test(p) || /(~|\.swp|\.tmp)$/.test(p),
  });
  watcher.on('all', (event, file) => {
    let kind = session.classify(path.resolve(file));
    if (!kind) return;
    // A chapter that appears or disappears changes what brief.yaml resolves to.
    if (kind === 'chapter' && (event === 'unlink' || event === 'add')) kind = 'brief';
    const change = { kind, file: path.resolve(file) };
    schedule(change);
    recheckLater(change);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  let printer: Printer | null = null;
  let printing: Promise<unknown> = Promise.resolve();
  const pdf = async (res: ServerResponse) => {
    const good = session.good;
    if (!good) return plain(res, 409, 'The brief has not built yet: fix the errors shown on the page first.');
    // One print at a time, from the build that is current when its turn comes.
    const job = printing.then(async () => {
      printer ??= await opts.openPrinter();
      const { brief } = good.prepared;
      const out = await print(printer, { brief, html: await session.printHtml(good), name: `${session.pdfName}.pdf`, options: printOptions(session.pipeline, brief, currentEdition(brief).date) });
      for (const w of out.warnings) log(formatDiagnostic(w));
      return out;
    });
    printing = job.catch(() => undefined);
    try {
      const out = await job;
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${session.pdfName}.pdf"`, 'cache-control': 'no-store' });
      res.end(Buffer.from(out.pdf));
    } catch (e) {
      const text = e instanceof RenderError ? e.message : `could not print: ${(e as Error).message}`;
      log(text);
      plain(res, 500, text);
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // DNS rebinding: a web page elsewhere must not read the preview through a name that points here.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host !== HOST && host !== 'localhost') return plain(res, 403, 'brief dev answers on 127.0.0.1 and localhost only');
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'GET only');
    if (url.pathname === EVENTS_PATH) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`retry: 500\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      if (session.diagnostics.some((d) => d.severity === 'error')) res.write(`event: problems\ndata: ${JSON.stringify({ diagnostics: session.diagnostics.map(clientDiagnostic) })}\n\n`);
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const body = devPage({ html: session.good?.doc.html ?? null, diagnostics: session.diagnostics });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(body);
    }
    if (url.pathname === '/pdf') return void pdf(res);
    if (url.pathname.startsWith(FONTS_PATH)) return font(res, url.pathname.slice(FONTS_PATH.length));
    if (url.pathname === '/__brief/status') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(JSON.stringify({ generation: session.good?.generation ?? 0, diagnostics: session.diagnostics satisfies Diagnostic[] }));
    }
    plain(res, 404, 'not found');
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, HOST, () => resolve());
    });
  } catch (e) {
    await watcher.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/`,
    port,
    session,
    nextRebuild: () => new Promise((resolve) => waiters.push(resolve)),
    idle: () => new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      wakeIfIdle();
    }),
    async close() {
      if (timer) clearTimeout(timer);
      for (const t of rechecks) clearTimeout(t);
      rechecks.clear();
      await watcher.close();
      for (const res of clients) res.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await running;
      await printing;
      await printer?.close();
    },
  };
}

/** One of the font packages' faces, by its file name: the page links its fonts here rather than inlining them. */
function font(res: ServerResponse, name: string): void {
  const file = faceFileNamed(name);
  if (!file) return plain(res, 404, 'not found');
  res.writeHead(200, { 'content-type': 'font/woff2', 'cache-control': 'max-age=3600' });
  res.end(readFileSync(file));
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/**
 * The `brief dev` command: serve until SIGINT/SIGTERM. A brief folder that does not exist is an
 * error (exit 1); any other problem shows in the page while the author fixes it.
 */
export async function serveUntilStopped({ root, name, port, log, announce, openPrinter }: { root: string; name: string; port: number; log: (s: string) => void; announce: (s: string) => void; openPrinter: () => Promise<Printer> }): Promise<void> {
  if (!existsSync(path.join(root, 'content', name, 'brief.yaml'))) {
    const reporter = new Reporter();
    await loadBrief({ root, name, reporter }); // words brief-missing, with the briefs there are
    throw new UserError(reporter.diagnostics);
  }
  let server: DevServer;
  try {
    server = await startDevServer({ root, name, port, log, openPrinter });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (e as NodeJS.ErrnoException).code !== 'EACCES') throw e;
    const reporter = new Reporter();
    reporter.report({ file: 'brief', line: 0, column: 0 }, 'usage-port-unavailable', { port, code: String((e as NodeJS.ErrnoException).code) });
    throw new UsageError(reporter.diagnostics);
  }
  announce(`brief dev: ${server.url} (PDF: ${server.url}pdf) — watching content/${name}, data/, templates/; Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}
