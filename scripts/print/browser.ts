// The one module that starts Chromium and decides what a page may load.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { RenderError, Reporter, type RuleId } from '../messages.ts';

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
 * Launch headless Chromium. `--single-process` (from @sparticuz/chromium's flags) is kept. Measured
 * with 30 two-page packs at concurrency 4 on 2 cores: the browser spent ~205–250 ms of CPU per pack
 * in one process against ~250–305 ms with one renderer per page (IPC and per-renderer overhead), and
 * its compositor/IO threads still use more than one core, so on 2 cores it gives the higher
 * throughput; it also starts in half the time with a third of the processes. The price, a hung or
 * crashed page taking the whole browser down, is paid by the printer's kill, relaunch and retry.
 */
export async function launchBrowser(opts: { protocolTimeout: number; userDataDir: string }): Promise<Browser> {
  let exe: { path: string; args: string[] };
  try {
    exe = await executablePath();
  } catch (e) {
    throw browserMissing(String((e as Error).message ?? e));
  }
  try {
    return await puppeteer.launch({
      executablePath: exe.path,
      args: [...exe.args, ...EXTRA],
      headless: 'shell',
      pipe: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      protocolTimeout: opts.protocolTimeout,
      defaultViewport: null,
      userDataDir: opts.userDataDir, // ours, so it goes with our temp folder even if the browser is killed
    });
  } catch (e) {
    throw browserMissing(`${exe.path}: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
}

function browserMissing(detail: string): RenderError {
  return renderError(process.env.BRIEF_CHROME ? 'BRIEF_CHROME' : '@sparticuz/chromium', 'browser-missing', { detail });
}

/** A RenderError worded by the message catalogue; `file` names the document or the browser. */
export function renderError(file: string, rule: RuleId, args: Record<string, string>): RenderError {
  const reporter = new Reporter();
  reporter.report({ file, line: 1, column: 1 }, rule, args);
  return new RenderError(reporter.diagnostics[0]);
}

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
