// Browser faults through the real CLI in a child process (each a located message, exit 3, no stack trace): BRIEF_CHROME naming a program
// that never answers, a folder, a missing file, a file that is not executable, a script whose
// interpreter is missing, a program that exits at once; and a browser that crashes mid-print.
// Each failure: exit 3, a catalogue message without a stack trace, nothing under output/, and no
// process the fake browser started still alive (checked by the PIDs it wrote down).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoProject, makeProject, removeProject } from '../helpers/project.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin/brief.mjs');
const HOOKS = path.join(import.meta.dirname, 'hooks');
const STACK = /\n\s+at .+:\d+:\d+/;
const roots: string[] = [];

afterAll(() => {
  for (const r of roots) removeProject(r);
});

const project = () => demoProject(roots);

interface Exit {
  code: number | null;
  err: string;
  /** Date.now() when the CLI exited. */
  at: number;
}

/** Runs bin/brief.mjs and resolves on its 'exit' event. */
function cli(root: string, args: string[], env: Record<string, string>, hook?: string): Promise<Exit> {
  const child = spawn(process.execPath, [...(hook ? ['--import', path.join(HOOKS, hook)] : []), BIN, '--root', root, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, err, at: Date.now() })));
}

/** Writes an executable file into a fresh folder outside the project. */
function program(name: string, text: string, mode = 0o755): string {
  const dir = makeProject({});
  roots.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

/** Alive: signal 0 reaches it and it is not a zombie (a container's PID 1 may never reap one). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** Waits (polling /proc, bounded at 60 s) until none of `pids` is alive; returns those still alive. */
async function deadOrLeft(pids: number[]): Promise<number[]> {
  const t0 = Date.now();
  while (pids.some(alive) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}

/** Files under output/ (none, when output/ does not exist). */
function outputs(root: string): string[] {
  const dir = path.join(root, 'output');
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : [];
}

const pidLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('a browser that never starts', () => {
  it('a BRIEF_CHROME that never answers is killed with its child after --timeout: exit 3, browser-timeout, nothing written', async () => {
    const root = project();
    const pidFile = path.join(root, 'fake.pids');
    // The fake starts a child (as Chromium starts helpers), writes both PIDs and the time, then waits forever.
    const fake = program(
      'chrome',
      `#!${process.execPath}
const { spawn } = require('node:child_process');
const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, [process.pid, child.pid, Date.now()].join('\\n') + '\\n');
setInterval(() => {}, 1 << 30);
`,
    );
    const r = await cli(root, ['build', 'demo', '--timeout', '5'], { BRIEF_CHROME: fake });
    expect(r.code).toBe(3);
    expect(r.err).toContain(`${fake}:0:0: error the browser ${fake} did not answer within 5 s of starting, so it was stopped [browser-timeout]`);
    expect(r.err).not.toMatch(STACK);
    const [fakePid, childPid, startedAt] = pidLines(pidFile).map(Number);
    expect(fakePid).toBeGreaterThan(0);
    expect(childPid).toBeGreaterThan(0);
    expect(await deadOrLeft([fakePid, childPid])).toEqual([]);
    // Started to exited: the launch bound (5 s) and the exit, not puppeteer's 120 s protocol timeout.
    const took = r.at - startedAt;
    console.log(`never-answering browser: launched to CLI exit in ${(took / 1000).toFixed(1)} s with --timeout 5`);
    expect(took).toBeLessThan(60_000);
    expect(outputs(root)).toEqual([]);
  });

  it.each([
    ['a folder', (dir: string) => (mkdirSync(path.join(dir, 'chrome-dir')), path.join(dir, 'chrome-dir')), 'is a folder, not a program'],
    ['a missing file', (dir: string) => path.join(dir, 'no-such-chrome'), 'does not exist'],
    ['a file that is not executable', (dir: string) => (writeFileSync(path.join(dir, 'chrome.txt'), 'not a program\n'), path.join(dir, 'chrome.txt')), 'is not executable'],
    ['a script whose interpreter is missing', (dir: string) => (writeFileSync(path.join(dir, 'chrome.sh'), '#!/nonexistent/sh\n', { mode: 0o755 }), path.join(dir, 'chrome.sh')), 'is a script whose interpreter /nonexistent/sh cannot be run'],
  ])('BRIEF_CHROME naming %s: exit 3, browser-program, nothing written', async (_what, make, problem) => {
    const root = project();
    const chrome = make(root);
    const r = await cli(root, ['build', 'demo', '--timeout', '5'], { BRIEF_CHROME: chrome });
    expect(r.code).toBe(3);
    expect(r.err).toContain(`${chrome}:0:0: error BRIEF_CHROME=${chrome} ${problem}`);
    expect(r.err).toContain('[browser-program]');
    expect(r.err).not.toMatch(STACK);
    expect(outputs(root)).toEqual([]);
  });

  it('a BRIEF_CHROME that exits at once: exit 3, browser-launch, nothing written', async () => {
    const root = project();
    const fake = program('chrome', '#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n');
    const r = await cli(root, ['build', 'demo', '--timeout', '5'], { BRIEF_CHROME: fake });
    expect(r.code).toBe(3);
    expect(r.err).toContain(`${fake}:0:0: error the browser ${fake} did not start:`);
    expect(r.err).toContain('[browser-launch]');
    expect(r.err).not.toMatch(STACK);
    expect(outputs(root)).toEqual([]);
  });
});

describe('the browser launched while the sources are checked', () => {
  it('a build with content errors and a broken BRIEF_CHROME reports the content errors only: exit 1, nothing written', async () => {
    const root = project();
    const chapter = path.join(root, 'content', 'demo', 'chapters', 'introduction.md');
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\n::no-such-directive\n`);
    const fake = program('chrome', '#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n');
    const r = await cli(root, ['build', 'demo', '--timeout', '5'], { BRIEF_CHROME: fake });
    expect(r.code).toBe(1);
    expect(r.err).toContain('[directive-unknown]');
    expect(r.err).not.toContain('browser');
    expect(r.err).not.toMatch(STACK);
    expect(outputs(root)).toEqual([]);
  });
});

describe('a browser that crashes mid-print', () => {
  it('is relaunched, the print retried once, and no process of the crashed browser is left', async () => {
    const root = project();
    const pidFile = path.join(root, 'helpers.pids');
    const { default: chromium } = await import('@sparticuz/chromium');
    const real = await chromium.executablePath();
    // Each launch leaves a helper in the browser's process group, then becomes the real Chromium;
    // the crash hook SIGKILLs the browser (the exec'd Chromium) in the middle of the first print.
    // The helper does not hold the DevTools pipe (fds 3 and 4), so the crash is seen at once.
    const wrapper = program('chrome', `#!/bin/sh\nsleep 1000 </dev/null >/dev/null 2>&1 3>&- 4>&- &\necho $! >> ${JSON.stringify(pidFile)}\nexec ${JSON.stringify(real)} "$@"\n`);
    const r = await cli(root, ['build', 'demo', '--timeout', '60'], { BRIEF_CHROME: wrapper, HOOK_LOG: path.join(root, 'hook.log') }, 'crash.mjs');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(root, 'hook.log'), 'utf8').trim()).toBe('crashed');
    const helpers = pidLines(pidFile).map(Number);
    expect(helpers.length).toBe(2); // the first launch and the relaunch
    expect(await deadOrLeft(helpers)).toEqual([]);
    expect(outputs(root).filter((f) => f.endsWith('.pdf') || f.endsWith('.html')).map((f) => path.basename(f)).sort()).toEqual(['demo-1.0.html', 'demo-1.0.pdf']);
  });
});
