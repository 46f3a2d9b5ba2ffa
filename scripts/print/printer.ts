// HTML → PDF: one browser, many pages in parallel, each print sandboxed, paginated, stamped.
import { roundMs, since } from '../timings.ts';
import { rmdirSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RenderError } from '../messages.ts';
import { outputRoot } from '../config/paths.ts';
import { onAbort } from '../cleanup.ts';
import { removeAbandoned } from '../write.ts';
import type { PrintOptions } from '../types.ts';
import { guardPage, launchBrowser, type Browser, type Page, type Sandbox } from './browser.ts';
import { printFailed } from './errors.ts';
import { killBrowserProcesses, killProcessesWithProfile } from './kill.ts';
import { writeFailure } from '../write.ts';
import type { Structure } from '../pdfcheck/structure.ts';
import { finishPdf, prepareFinish } from './finish.ts';
import type { TagOptions } from './tags.ts';
import { paginateScript } from './bundle.ts';
import { faceSampleHtml } from '../render/fonts.ts';
import type { Overflow, PaginateResult } from './paginate/types.ts';

export interface PrintInput {
  /** The complete print HTML (render/'s `printHtml`). */
  html: string;
  /** Names the document in errors, e.g. "110-overseas-1.1.pdf" or "pack IT". */
  name: string;
  options: PrintOptions;
  /**
   * Called (on each attempt) once the browser has the paginated document and is making the PDF,
   * which needs nothing from Node (page loads do: each of their requests goes through the
   * sandbox): the caller's cue to do its own work meanwhile.
   */
  whilePrinting?: () => void;
  /**
   * No print follows this one (the command's last): once its PDF is made, and no other print is
   * in or waiting for the browser, the browser is ended while the PDF is tagged, rather than by
   * close() after. A later print would start another.
   */
  last?: boolean;
  /**
   * Leave the PDF as the browser made it: PrintResult.unfinished then holds what finish.ts's
   * finishPdf needs (the printer thread's caller finishes it on its own thread).
   */
  unfinished?: boolean;
}

export interface PrintResult {
  pdf: Uint8Array;
  pages: number;
  /** URLs the document tried to load and was refused (print/document.ts reports each as `request-blocked`). */
  refused: string[];
  /** Blocks that could not be made to fit their page (print/document.ts reports each as `page-overflow`). */
  overflow: Overflow[];
  /** Milliseconds: load, paginate (prepare, measure, layout, fill), fonts, pdf, tags, metadata, total. */
  timings: Record<string, number>;
  /** The structure tree and links as print/tags.ts wrote them into `pdf`, for its check (pdfcheck/). */
  structure?: Structure;
  /** Only when the input asked for it: `pdf` is as the browser made it, and this is what finishPdf needs. */
  unfinished?: TagOptions;
}

export interface PrinterStats {
  prints: number;
  /** Requests for anything but file: or data: URLs; every one was refused, none left the machine. */
  networkRequests: number;
  launches: number;
  retries: number;
}

export interface Printer {
  print(input: PrintInput): Promise<PrintResult>;
  close(): Promise<void>;
  readonly stats: PrinterStats;
  /**
   * Pages open in the browser now, besides its first blank tab (until a print takes it) and the idle pages kept for reuse
   * (at most `concurrency`): 0 between prints (no leaks).
   */
  openPages(): Promise<number>;
  /**
   * Loads the faces a document of `text` (in `languages`) draws with into the tab the first print
   * will take, before that print comes (render/fonts.ts faceSampleHtml): they are then in the
   * renderer's memory cache, and the print's own load takes them from there. Best effort: a
   * warm-up that fails costs that tab, not the print.
   */
  warm(text: string, languages: string[]): void;
}

// Lay out first: a font is only requested once some laid-out text needs it.
const FONTS_READY = '(document.body.getBoundingClientRect(), document.fonts.ready.then(() => document.fonts.size))';

class Timeout extends Error {}

/** `work`'s outcome, or a Timeout (`message`) once `ms` have passed first; the timer goes either way. */
async function within<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

// The paginator stays in the tab: its frame page keeps its globals when a document is written
// into it, so the 44 kB script crosses the pipe once per tab, not once per print. Each call runs
// the whole bundle again (the function's body is the script), so no state carries over from one
// document to the next.
const PAGINATOR = 'globalThis.__briefkitPaginator';

async function paginate(page: Page, script: Promise<string>): Promise<PaginateResult> {
  const kept = (await page.evaluate(`typeof ${PAGINATOR} === 'function' ? ${PAGINATOR}() : null`)) as PaginateResult | null;
  return kept ?? ((await page.evaluate(`(${PAGINATOR} = () => ${await script})()`)) as PaginateResult);
}

/**
 * `timeoutMs` bounds each print attempt and, unless `launchTimeoutMs` is given, each browser launch
 * too (so `brief build --timeout` bounds both).
 */
export async function openPrinter(opts: { allowedRoots: string[]; timeoutMs?: number; launchTimeoutMs?: number; concurrency?: number }): Promise<Printer> {
  const roots = opts.allowedRoots.map((r) => path.resolve(r));
  if (!roots.length) throw new Error('openPrinter: allowedRoots must name at least the project root');
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const launchTimeoutMs = opts.launchTimeoutMs ?? timeoutMs;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const stats: PrinterStats = { prints: 0, networkRequests: 0, launches: 0, retries: 0 };
  let browser: Browser | null = null;
  let launching: Promise<Browser> | null = null;
  /** The profile folder of the browser being launched, until puppeteer hands it over. */
  let launchingProfile: string | null = null;
  let closed = false;

  // The project's output/, also when printing a release's sources: nothing is written into a release.
  const tmpBase = path.join(outputRoot(roots[0]), '.tmp');
  let tmpDir: string;
  // output/ itself, if this printer made it: removed again when left empty (a failed build writes nothing).
  let madeOutput: string | undefined;
  try {
    removeAbandoned(tmpBase, /^print-(\d+)-/); // a printer killed with SIGKILL left its folder and browser profile
    // Another printer of this project that closes removes output/.tmp once it is empty, possibly
    // between our mkdir and mkdtemp: then make it again.
    for (let attempt = 1; ; attempt++) {
      const made = await mkdir(tmpBase, { recursive: true });
      if (made === path.dirname(tmpBase)) madeOutput = made;
      try {
        tmpDir = await mkdtemp(path.join(tmpBase, `print-${process.pid}-`));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw e;
      }
    }
  } catch (e) {
    throw writeFailure(e, tmpBase) ?? e;
  }
  // No orphaned Chromium and no temp files, whatever way the process ends; registered before
  // anything else is awaited, so a Ctrl-C from here on removes the folder (and the browser).
  const onExit = () => {
    killBrowser(browser);
    if (launchingProfile) killProcessesWithProfile(launchingProfile);
    rmSync(tmpDir, { recursive: true, force: true });
    try {
      rmdirSync(tmpBase); // output/.tmp too, unless another printer still uses it
      if (madeOutput) rmdirSync(madeOutput);
    } catch {
      // not empty, or gone
    }
  };
  const detach = onAbort(onExit);
  // Every tab opens this empty file:// page once and then has each document written into it
  // (see takeTab): the documents get a file:// origin, so fonts and images under the roots load.
  const frameUrl = pathToFileURL(path.join(tmpDir, 'frame.html')).href;
  try {
    await writeFile(path.join(tmpDir, 'frame.html'), '<!doctype html><meta charset="utf-8"><title></title>');
  } catch (e) {
    detach();
    onExit();
    throw writeFailure(e, tmpDir) ?? e;
  }

  // Each browser's own first tab (about:blank), while no print has taken it: the first tab a print
  // needs, without opening one more.
  const blanks = new WeakMap<Browser, Page[]>();

  async function getBrowser(): Promise<Browser> {
    if (browser && browser.connected) return browser;
    if (closed) throw new Error('the printer is closed');
    if (!launching) {
      launching = (async () => {
        try {
          const profile = await mkdtemp(path.join(tmpDir, 'profile-')).catch((e: unknown) => {
            throw writeFailure(e, path.join(tmpDir, 'profile')) ?? e;
          });
          launchingProfile = profile;
          const b = await launchBrowser({ protocolTimeout: Math.max(30_000, timeoutMs * 2), launchTimeoutMs, userDataDir: profile }).finally(() => (launchingProfile = null));
          stats.launches++;
          blanks.set(b, await b.pages());
          browser = b;
          b.on('disconnected', () => {
            if (browser === b) browser = null;
            killBrowserProcesses(b); // a crashed browser's helpers, if any are left
            void rm(profile, { recursive: true, force: true });
          });
          return b;
        } finally {
          launching = null;
        }
      })();
    }
    return launching;
  }

  // Every browser this printer killed, until its process has exited: close() waits for them all.
  const dying = new Set<Promise<void>>();
  function killBrowser(b: Browser | null) {
    if (!b) return;
    if (browser === b) browser = null;
    const gone = exited(b);
    dying.add(gone);
    void gone.then(() => dying.delete(gone));
    killBrowserProcesses(b);
  }

  // A failed print's page is closed before print() returns (so none is left open); a renderer too
  // wedged to close it within the print timeout takes its browser down, and the next print relaunches.
  async function closeOrKill(b: Browser, page: Page) {
    const closed = await within(page.close().then(() => true, () => true), timeoutMs, 'page close').catch(() => false);
    if (!closed) killBrowser(b);
  }

  /** Resolves when the browser's own process has exited (at once if it already has). */
  function exited(b: Browser): Promise<void> {
    const child = b.process();
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }


  try {
    await getBrowser();
  } catch (e) {
    // No browser: nothing to print with, so leave nothing behind either.
    closed = true;
    detach();
    onExit();
    throw e;
  }

  // A small semaphore: at most `concurrency` pages at once in the one browser.
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = () => (active < concurrency ? (active++, Promise.resolve()) : new Promise<void>((r) => waiting.push(r)));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  // Chromium keeps fonts, glyphs and decoded resources of every document it has printed (~3.5 MB
  // each; 100 packs took it from 440 MB to 730 MB). A critical memory-pressure signal and a GC every
  // few prints make it drop them: it then stays flat (~340 MB over 120 packs). Each trim costs the
  // next documents their cached fonts (decoded again): every 30 prints kept 300 packs flat
  // (478 → 478 MB tree RSS) at ~10 ms less browser CPU a pack than every 10; never trimming grew.
  const TRIM_EVERY = 30;
  let sinceTrim = 0;
  async function trim(page: Page) {
    try {
      const cdp = await page.createCDPSession();
      await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.detach();
    } catch {
      // a best effort: the browser may be going away
    }
  }

  // Pages are reused, and so is the document in them: each print replaces the content of the one
  // loaded frame page (document.open/write) instead of navigating to a new file. A navigation
  // costs a new document and a request through the guard for the page and every font (~100 ms
  // of a two-page pack); a replaced document takes fonts and images from the renderer's memory
  // cache, so the guard sees only what no earlier document of this tab loaded.
  interface Tab { page: Page; sandbox: Sandbox; browser: Browser }
  const idle: Tab[] = [];
  async function takeTab(b: Browser): Promise<Tab> {
    for (let t = idle.pop(); t; t = idle.pop()) if (t.browser === b && !t.page.isClosed()) return t;
    const blank = blanks.get(b)?.pop();
    const page = blank && !blank.isClosed() ? blank : await b.newPage();
    try {
      const sandbox = await guardPage(page, [...roots, tmpDir]); // the frame page is a temp file
      await page.setJavaScriptEnabled(false); // the document runs no script of its own
      await page.emulateMediaType('print'); // measure the galley with the rules it will print with
      await page.goto(frameUrl, { waitUntil: 'load', timeout: timeoutMs });
      return { page, sandbox, browser: b };
    } catch (e) {
      await closeOrKill(b, page);
      throw e;
    }
  }

  async function attempt(input: PrintInput): Promise<PrintResult> {
    const timings: Record<string, number> = {};
    const t0 = performance.now();
    let mark = t0;
    const lap = (key: string) => {
      const now = performance.now();
      timings[key] = roundMs(now - mark);
      mark = now;
    };
    const b = await getBrowser();
    const tab = await firstTabOr(b);
    const { page, sandbox } = tab;
    sandbox.refused = [];
    sandbox.network = 0;
    let done = false;
    const script = paginateScript(); // bundled on the first print, while the document loads
    script.catch(() => undefined); // awaited below; a failure is reported there
    const work = (async () => {
      await page.setContent(input.html, { waitUntil: 'load', timeout: timeoutMs });
      await page.evaluate(FONTS_READY);
      lap('load');
      const paged = await paginate(page, script);
      lap('paginate');
      Object.assign(timings, paged.timings);
      await page.evaluate(FONTS_READY); // header and footer fonts
      lap('fonts');
      // The fonts are ready (just above): without puppeteer's own wait, the print command goes out at once.
      const printing = page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, waitForFonts: false, timeout: timeoutMs });
      // The pass after it loaded (the first time) while the browser makes the PDF, when this thread
      // has nothing else to do: earlier, it held up the tab and the page's font requests.
      if (!input.unfinished) void prepareFinish().catch(() => undefined);
      input.whilePrinting?.();
      const raw = await printing;
      if (input.last && active === 1 && !waiting.length) killBrowser(b);
      lap('pdf');
      const tagging = { continues: paged.continues, targets: paged.targets };
      const finished = input.unfinished ? null : await finishPdf(raw, tagging, input.options);
      if (finished) Object.assign(timings, finished.timings);
      timings.total = since(t0);
      stats.networkRequests += sandbox.network;
      done = true;
      const printed = { pages: paged.pages, refused: sandbox.refused, overflow: paged.overflow, timings };
      return finished ? { ...printed, pdf: finished.pdf, ...(finished.structure ? { structure: finished.structure } : {}) } : { ...printed, pdf: raw, unfinished: tagging };
    })();
    try {
      return await within(work, timeoutMs, `no answer after ${timeoutMs} ms`);
    } catch (e) {
      // A hung renderer hangs the whole single-process browser: kill it; the retry relaunches.
      if (e instanceof Timeout) killBrowser(b);
      work.catch(() => undefined);
      throw e;
    } finally {
      // A page that printed goes back to the pool; one that failed is closed.
      if (done && browser === b && !page.isClosed()) {
        if (++sinceTrim >= TRIM_EVERY) {
          sinceTrim = 0;
          void trim(page); // not on the caller's clock; the renderer runs it before the next load
        }
        idle.push(tab);
      }
      else if (browser === b) await closeOrKill(b, page);
    }
  }

  // The first tab is made ready now: with the browser launched early, its frame loads while Node
  // still prepares the sources, and the first print takes it, ready or not (rather than opening a
  // second beside it). A failure here is left to that print to meet again.
  let firstTab: Promise<Tab | null> | null = getBrowser()
    .then(takeTab)
    .catch(() => null);
  // A first tab that warms a document before the first print: that print waits for it to end (its
  // faces are then decoded once, not twice side by side), for at most the print timeout.
  function warmFirstTab(text: string, languages: string[]) {
    const first = firstTab;
    if (!first || closed) return;
    const html = faceSampleHtml(text, new Set(languages));
    firstTab = first.then(async (tab) => {
      if (!tab || tab.page.isClosed()) return tab;
      const loading = (async () => {
        await tab.page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
        await tab.page.evaluate(FONTS_READY);
      })();
      try {
        await within(loading, timeoutMs, 'warm-up');
        return tab;
      } catch {
        loading.catch(() => undefined);
        await closeOrKill(tab.browser, tab.page); // the print then opens another tab (or, the browser killed, relaunches)
        return null;
      }
    });
  }
  async function firstTabOr(b: Browser): Promise<Tab> {
    const first = firstTab;
    firstTab = null;
    const tab = first && (await first);
    if (tab && tab.browser === b && !tab.page.isClosed()) return tab;
    return takeTab(b);
  }

  return {
    stats,
    async openPages() {
      const b = browser as Browser | null;
      if (!b || !b.connected) return 0;
      const spare = new Set([...(blanks.get(b) ?? []), ...idle.map((t) => t.page)]);
      return (await b.pages()).filter((p) => !spare.has(p)).length;
    },
    warm: warmFirstTab,
    async print(input) {
      if (closed) throw new Error('print() after close()');
      await acquire();
      try {
        stats.prints++;
        try {
          return await attempt(input);
        } catch (e) {
          if (e instanceof RenderError) throw e;
          stats.retries++;
          try {
            return await attempt(input);
          } catch (e2) {
            throw printFailed(input.name, e2);
          }
        }
      } finally {
        release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      detach();
      const b = browser ?? (launching ? await launching.catch(() => null) : null);
      // Every PDF is already written: no graceful shutdown to wait for. The kill is checked by
      // waiting for the process to exit, so close() never returns with a browser still running.
      // Kill first, disconnect after: puppeteer's disconnect drops its error listener from the
      // pipe, and a browser killed after it left a read error (ECONNRESET) with no one to catch it.
      killBrowser(b);
      await Promise.all(dying);
      await b?.disconnect().catch(() => undefined);
      await rm(tmpDir, { recursive: true, force: true });
      await rmdir(tmpBase).catch(() => undefined); // only if no one else is using it
      if (madeOutput) await rmdir(madeOutput).catch(() => undefined); // output/, if the printer made it and nothing was written
    },
  };
}
