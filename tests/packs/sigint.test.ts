// Ctrl-C in the middle of `brief packs`: the run stops, and no Chromium process and no temp folder
// of it is left (the browser was launched early and prints two packs at once).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BRIEF, packsProject } from './fixture.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/brief.mjs');
const parent = mkdtempSync(path.join(os.tmpdir(), 'briefkit-packs-sigint-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** Live processes (not zombies, not the CLI itself) whose command line names `root`. */
function processesUnder(root: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      if (cmd.includes(root) && state !== 'Z' && !cmd.includes(BIN)) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function until(test: () => boolean, what: string): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it('SIGINT during brief packs leaves no browser process and no temp folder', async () => {
  const root = packsProject({ parent, countries: 16 });
  const child = spawn(process.execPath, [BIN, 'packs', BRIEF, '--root', root, '--concurrency', '2'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await until(() => /\[2\/16\]/.test(err) || child.exitCode !== null, 'two packs to be written');
  expect(child.exitCode).toBe(null); // still printing the others
  expect(processesUnder(root).length).toBeGreaterThan(0); // the browser is up
  child.kill('SIGINT');
  const r = await exited;
  expect(r.signal === 'SIGINT' || r.code === 130).toBe(true);
  expect(err).not.toMatch(/\n\s+at .+:\d+:\d+/);
  await until(() => processesUnder(root).length === 0, `no process under ${root}`);
  expect(existsSync(path.join(root, 'output', '.tmp'))).toBe(false);
});
