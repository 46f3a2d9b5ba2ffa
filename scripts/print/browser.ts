// The one module that starts Chromium and decides what a page may load.
import { accessSync, closeSync, constants, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import type { ProgramProblem } from '../messages.ts';
import { placeless, renderError } from './errors.ts';
import { killBrowserProcesses } from './kill.ts';

/** Flags we never pass: they switch off the same-origin checks the sandbox relies on. */
const UNSAFE = new Set(['--disable-web-security', '--allow-running-insecure-content']);
const EXTRA = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--mute-audio'];

async function executablePath(): Promise<{ path: string; args: string[] }> {
  const override = process.env.BRIEF_CHROME;
  const { default: chromium } = await import('@sparticuz/chromium');
  // @sparticuz/chromium's flags suit any Chromium; its --headless is replaced by puppeteer's own.
  const args = chromium.args.filter((a) => !UNSAFE.has(a) && !a.startsWith('--headless'));
  if (override) return { path: override, args };
  return { path: await chromium.executablePath(), args };
}

/**
 * Why `program` cannot be started, or null if it looks like a program. Checked before spawning:
 * puppeteer lets a spawn error (EACCES on a folder, ENOENT for a missing #! interpreter) escape
 * as an unhandled 'error' event, which ends the process with a stack trace.
 */
export function programProblem(program: string): { problem: ProgramProblem; interpreter?: string } | null {
  const stat = statSync(program, { throwIfNoEntry: false });
  if (!stat) return { problem: 'missing' };
  if (stat.isDirectory()) return { problem: 'folder' };
  if (!stat.isFile()) return { problem: 'not-file' };
  try {
    accessSync(program, constants.X_OK);
  } catch {
    return { problem: 'not-executable' };
  }
  const interpreter = shebang(program);
  if (interpreter && !programRuns(interpreter)) return { problem: 'interpreter', interpreter };
  return null;
}

/** The interpreter named on a `#!` first line, if any. */
function shebang(file: string): string | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, head.length, 0);
    const line = head.subarray(0, n).toString('latin1').split('\n')[0];
    return line.startsWith('#!') ? (line.slice(2).trim().split(/\s+/)[0] ?? null) : null;
  } finally {
    closeSync(fd);
  }
}

function programRuns(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Launch headless Chromium. `--single-process` (from @sparticuz/chromium's flags) is kept. Measured
 * with 30 two-page packs at concurrency 4 on 2 cores: the browser spent ~205–250 ms of CPU per pack
 * in one process against ~250–305 ms with one renderer per page (IPC and per-renderer overhead), and
 * its compositor/IO threads still use more than one core, so on 2 cores it gives the higher
 * throughput; it also starts in half the time with a third of the processes. The price, a hung or
 * crashed page taking the whole browser down, is paid by the printer's kill, relaunch and retry.
 *
 * A browser that has not answered within `launchTimeoutMs` (default 60 s) is killed with its whole
 * process group (puppeteer starts it as a group leader) and the launch fails with `browser-timeout`:
 * puppeteer's own bound over a pipe is the protocol timeout, after which it did not always stop
 * the process.
 */
export async function launchBrowser(opts: { protocolTimeout: number; launchTimeoutMs?: number; userDataDir: string }): Promise<Browser> {
  const launchTimeoutMs = opts.launchTimeoutMs ?? 60_000;
  let exe: { path: string; args: string[] };
  try {
    exe = await executablePath();
  } catch (e) {
    throw renderError('@sparticuz/chromium', { rule: 'browser-missing', args: { detail: String((e as Error).message ?? e) } });
  }
  const bad = programProblem(exe.path);
  if (bad) {
    if (process.env.BRIEF_CHROME) throw placeless(exe.path, { rule: 'browser-program', args: { path: exe.path, problem: bad.problem, interpreter: bad.interpreter ?? '' } });
    throw renderError('@sparticuz/chromium', { rule: 'browser-missing', args: { detail: `${exe.path} cannot be run` } });
  }
  const abort = new AbortController();
  const launching = puppeteer.launch({
    executablePath: exe.path,
    args: [...exe.args, ...EXTRA],
    headless: 'shell',
    pipe: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: launchTimeoutMs,
    protocolTimeout: opts.protocolTimeout,
    signal: abort.signal, // aborting kills the browser's process group
    defaultViewport: null,
    userDataDir: opts.userDataDir, // ours, so it goes with our temp folder even if the browser is killed
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LaunchTimeout()), launchTimeoutMs);
  });
  try {
    return await Promise.race([launching, timedOut]);
  } catch (e) {
    abort.abort();
    // Should it connect after all, close it: nobody will use it.
    launching.then(killBrowserProcesses, () => undefined);
    if (e instanceof LaunchTimeout) throw placeless(exe.path, { rule: 'browser-timeout', args: { program: exe.path, seconds: String(Math.round(launchTimeoutMs / 100) / 10) } });
    throw placeless(exe.path, { rule: 'browser-launch', args: { program: exe.path, detail: String((e as Error).message ?? e).split('\n')[0] } });
  } finally {
    clearTimeout(timer);
  }
}

class LaunchTimeout extends Error {}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function inside(file: string, roots: string[]): boolean {
  return roots.some((r) => file === r || file.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

export interface Sandbox {
  /** URLs the page tried to load and was refused, in order. */
  refused: string[];
  /** Requests for anything but file: and data: URLs (all of them refused). */
  network: number;
}

/**
 * Request interception: only data: URLs and file: URLs whose real path (symlinks resolved) lies
 * under one of `roots` load; everything else is aborted and recorded.
 */
export async function guardPage(page: Page, roots: string[]): Promise<Sandbox> {
  const realRoots = roots.map(real);
  const sandbox: Sandbox = { refused: [], network: 0 };
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    if (req.isInterceptResolutionHandled()) return;
    const url = req.url();
    let ok = false;
    if (url.startsWith('data:')) ok = true;
    else if (url.startsWith('file:')) {
      try {
        ok = inside(real(fileURLToPath(url)), realRoots);
      } catch {
        ok = false;
      }
    } else sandbox.network++;
    if (ok) {
      void req.continue().catch(() => undefined);
    } else {
      sandbox.refused.push(url);
      void req.abort('blockedbyclient').catch(() => undefined);
    }
  });
  return sandbox;
}

export type { Browser, Page };
