// Browser faults (a hung or crashed browser is killed and retried; nothing is left behind), each through the real CLI in a child process:
// - a hung render is killed after --timeout, retried once, then fails naming the document (exit 3);
// - a browser that crashes mid-print is relaunched and the build succeeds;
// - SIGINT in the middle of printing leaves no temp files and no browser process behind.
// The hang and the crash are injected with test-only hooks (node --import tests/robustness/hooks/…).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProject, removeProject } from '../helpers/project.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin/brief.mjs');
const HOOKS = path.join(import.meta.dirname, 'hooks');
const roots: string[] = [];

const project = () => demoProject(roots);

afterAll(() => {
  for (const r of roots) removeProject(r);
});

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

function cli(root: string, args: string[], hook?: string): Run {
  const child = spawn(process.execPath, [...(hook ? ['--import', path.join(HOOKS, hook)] : []), BIN, '--root', root, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOOK_LOG: path.join(root, 'hook.log') } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
  return { child, done };
}

/** Live processes whose command line mentions `root` (the browser's profile lives under it). */
function processesUnder(root: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (Number(pid) === process.pid) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      if (cmd.includes(root) && state !== 'Z' && !cmd.includes(BIN)) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Temp files and folders anywhere under root: *.tmp, output/.tmp. */
function leftovers(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (n.endsWith('.tmp') || n === '.tmp') out.push(path.relative(root, p));
      if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

/** Files (not folders) under output/. */
function outputs(root: string): string[] {
  const dir = path.join(root, 'output');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

async function until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The CLI's grandchildren (the browser's helpers) give no event when they end: watch /proc for them, up to a minute. */
async function gone(root: string): Promise<void> {
  await until(() => processesUnder(root).length === 0, 60_000, `no process under ${root} (left: ${processesUnder(root).join(', ')})`);
}

const hookLog = (root: string) => (existsSync(path.join(root, 'hook.log')) ? readFileSync(path.join(root, 'hook.log'), 'utf8').trim().split('\n') : []);

/** A build the fault `hooked` (the hook's log) did not stop: exit 0, nothing on stderr, both editions written, nothing left behind. */
async function expectBuiltDespite(root: string, r: { code: number | null; err: string }, hooked: string[]): Promise<void> {
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(hookLog(root)).toEqual(hooked);
  expect(outputs(root).sort()).toEqual(['demo-1.0.html', 'demo-1.0.pdf']);
  expect(leftovers(root)).toEqual([]);
  await gone(root);
}

describe('faults', () => {
  beforeAll(() => {
    // Start from a clean slate for process checks.
    expect(processesUnder(REPO + '/nonexistent')).toEqual([]);
  });

  it('kills a hung render after the timeout, retries once, and fails naming the document (exit 3)', async () => {
    const root = project();
    const t0 = Date.now();
    // --timeout also bounds each browser launch: 5 s, not 2, so a launch on a busy machine is not what fails.
    const r = await cli(root, ['build', 'demo', '--timeout', '5'], 'hang.mjs').done;
    expect(r.code).toBe(3);
    expect(r.err).toContain('demo-1.0:1:1: error the browser failed on demo-1.0: no answer after 5000 ms [browser-failed]');
    expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(hookLog(root)).toEqual(['hung', 'hung']); // the first try and one retry
    expect(Date.now() - t0).toBeGreaterThanOrEqual(10_000);
    expect(outputs(root)).toEqual([]); // no PDF, no HTML
    expect(leftovers(root)).toEqual([]);
    await gone(root);
  });

  it('a warm-up that never loads holds the print up for the timeout at most; the build succeeds', async () => {
    const root = project();
    const r = await cli(root, ['build', 'demo', '--timeout', '5'], 'warm-hang.mjs').done;
    await expectBuiltDespite(root, r, ['warm-up hung']);
  });

  it('relaunches a browser that crashed mid-print; the build succeeds', async () => {
    const root = project();
    const r = await cli(root, ['build', 'demo'], 'crash.mjs').done;
    await expectBuiltDespite(root, r, ['crashed']);
  });

  it('SIGINT while a print hangs leaves no temp files and no browser process', async () => {
    const root = project();
    const run = cli(root, ['build', 'demo', '--timeout', '60'], 'hang.mjs');
    await until(() => hookLog(root).includes('hung'), 60_000, 'the print to start');
    expect(processesUnder(root).length).toBeGreaterThan(0); // the browser is up
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.signal === 'SIGINT' || r.code === 130).toBe(true);
    await gone(root);
    expect(leftovers(root)).toEqual([]);
    expect(outputs(root)).toEqual([]);
  });

  it('SIGINT in the middle of a real print leaves no temp files and no browser process', async () => {
    const root = project();
    const run = cli(root, ['build', 'demo']);
    // The browser is up (launched while the sources are prepared) and the print on its way.
    await until(() => processesUnder(root).length > 0 || run.child.exitCode !== null, 60_000, 'the browser to start');
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
    await gone(root);
    expect(leftovers(root)).toEqual([]);
    // Either nothing was written, or (had the print just finished) whole files only.
    expect(outputs(root).every((f) => f === 'demo-1.0.html' || f === 'demo-1.0.pdf')).toBe(true);
  });
});
