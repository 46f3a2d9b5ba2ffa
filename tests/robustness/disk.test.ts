// Disk and permission faults through the real CLI (a located message, exit 3, nothing half-written), made with real file-system conditions
// that stop root too: output/ or releases/ a file (ENOTDIR), a folder where a file goes (EISDIR),
// an immutable folder (chattr +i: EPERM), a read-only tmpfs (EROFS), a full 64 KB tmpfs (ENOSPC).
// Each: exit 3, one message naming the folder and the cause, no stack trace, nothing half-written.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoProject, removeProject } from '../helpers/project.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/brief.mjs');
const STACK = /\n\s+at .+:\d+:\d+/;
const roots: string[] = [];
const mounts: string[] = [];
const immutable: string[] = [];

afterAll(() => {
  for (const dir of immutable) execFileSync('chattr', ['-i', dir]);
  for (const dir of mounts) execFileSync('umount', [dir]);
  for (const r of roots) removeProject(r);
});

const project = () => demoProject(roots);

/** Runs bin/brief.mjs in `root` (so messages name paths relative to it) and resolves on 'exit'. */
function cli(root: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

/** A tmpfs at `dir`; we run as root, as CI does, so a failure here is a broken test machine, said plainly. */
function mountTmpfs(dir: string, options: string): void {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`cannot mount a tmpfs (${options}) at ${dir} to make a real full or read-only disk; these tests need root: ${(e as Error).message}`);
  }
  mounts.push(dir);
}

/** Every file (not folder) under `dir`, relative to it. */
function files(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => statSync(path.join(dir, f)).isFile()).sort();
}

/** The one error line (the first) and that no stack trace or internal error was printed. */
function failedWith(r: { code: number | null; err: string }, line: string): void {
  expect(r.err.split('\n')[0]).toBe(line);
  expect(r.err).not.toMatch(STACK);
  expect(r.err).not.toContain('internal error');
  expect(r.code).toBe(3);
}

describe('disk and permission faults', () => {
  it('output is a file (ENOTDIR): the HTML and the PDF build say so and write nothing', async () => {
    const root = project();
    writeFileSync(path.join(root, 'output'), 'not a folder\n');
    failedWith(await cli(root, ['build', 'demo', '--html-only']), 'output/demo/1.0:0:0: error cannot write output/demo/1.0/demo-1.0.html: output is a file, not a folder [write-denied]');
    failedWith(await cli(root, ['build', 'demo']), 'output:0:0: error cannot write output/.tmp: output is a file, not a folder [write-denied]');
    expect(statSync(path.join(root, 'output')).isFile()).toBe(true);
  });

  it('a folder where the HTML goes (EISDIR): named, and no temp file left', async () => {
    const root = project();
    mkdirSync(path.join(root, 'output/demo/1.0/demo-1.0.html'), { recursive: true });
    failedWith(await cli(root, ['build', 'demo', '--html-only']), 'output/demo/1.0:0:0: error cannot write output/demo/1.0/demo-1.0.html: a folder of that name is in the way [write-denied]');
    expect(files(path.join(root, 'output'))).toEqual([]);
  });

  it('an immutable output/ (chattr +i, EPERM even for root): permission denied on output', async () => {
    const root = project();
    const output = path.join(root, 'output');
    mkdirSync(output);
    execFileSync('chattr', ['+i', output]); // fails loudly where the file system has no attributes
    immutable.push(output);
    const r = await cli(root, ['build', 'demo', '--html-only']);
    failedWith(r, 'output/demo/1.0:0:0: error cannot write output/demo/1.0/demo-1.0.html: permission denied on output [write-denied]');
    expect(r.err).toContain('chattr -i');
    expect(readdirSync(output)).toEqual([]);
  });

  it('a read-only output/ (EROFS): the HTML and the PDF build name the read-only folder', async () => {
    const root = project();
    mountTmpfs(path.join(root, 'output'), 'ro,size=64k');
    failedWith(await cli(root, ['build', 'demo', '--html-only']), 'output/demo/1.0:0:0: error cannot write output/demo/1.0/demo-1.0.html: output is on a read-only file system [write-denied]');
    failedWith(await cli(root, ['build', 'demo']), 'output:0:0: error cannot write output/.tmp: output is on a read-only file system [write-denied]');
  });

  it('a full disk under output/ (ENOSPC): disk-full, no half-written file, no temp file', async () => {
    const root = project();
    const output = path.join(root, 'output');
    mountTmpfs(output, 'size=64k'); // the HTML edition alone is over 1 MB
    const html = await cli(root, ['build', 'demo', '--html-only']);
    failedWith(html, 'output/demo/1.0:0:0: error disk full while writing output/demo/1.0/demo-1.0.html [disk-full]');
    expect(html.err).toContain('free space on the disk that holds output/demo/1.0');
    expect(files(output)).toEqual([]);
    // The PDF prints (the page is written into the browser, not into a file) and the disk fills when
    // it is written: that is not blamed on the browser (no browser-failed, no retry).
    const pdf = await cli(root, ['build', 'demo']);
    failedWith(pdf, 'output/demo/1.0:0:0: error disk full while writing output/demo/1.0/demo-1.0.pdf [disk-full]');
    expect(pdf.err).not.toContain('browser');
    expect(pdf.code).toBe(3);
    expect(files(output)).toEqual([]);
    expect(existsSync(path.join(output, '.tmp'))).toBe(false);
  });

  it('releases/ a file, read-only or full: the release is refused by name and no partial folder is left', async () => {
    const root = project();
    const releases = path.join(root, 'releases');
    writeFileSync(releases, 'not a folder\n');
    failedWith(await cli(root, ['release', 'demo']), 'releases/demo:0:0: error cannot write releases/demo/1.0: releases is a file, not a folder [write-denied]');
    removeProject(releases);

    mountTmpfs(releases, 'ro,size=64k');
    failedWith(await cli(root, ['release', 'demo']), 'releases/demo:0:0: error cannot write releases/demo/1.0: releases is on a read-only file system [write-denied]');
    execFileSync('umount', [releases]);
    mounts.pop();

    mountTmpfs(releases, 'size=64k');
    failedWith(await cli(root, ['release', 'demo']), 'releases/demo:0:0: error disk full while writing releases/demo/1.0 [disk-full]');
    expect(files(releases)).toEqual([]); // not even the .1.0.partial-<pid> folder's files
    expect(readdirSync(path.join(releases, 'demo'))).toEqual([]);
    expect(existsSync(path.join(root, 'output'))).toBe(false); // the printer's temp folder went with it
  });
});
