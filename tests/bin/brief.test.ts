// bin/brief.mjs as a user runs it, in a new process: it runs the compiled dist/ only while that
// matches scripts/ (else the TypeScript through tsx), and a command loads only the libraries it uses.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const LOGGER = path.join(REPO, 'tests/helpers/module-log.mjs');
const temp = mkdtempSync(path.join(os.tmpdir(), 'briefkit-bin-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs `brief args` from `root` (a checkout) in a new node, with the packages it loaded. */
function run(root: string, args: string[]): { code: number | null; out: string; err: string; packages: Set<string>; modules: string[] } {
  const log = path.join(temp, `modules-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', LOGGER, path.join(root, 'bin/brief.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MODULE_LOG: log } });
  const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  // A package bundled into dist/vendor/ (bin/compile.mjs: `yaml.js`, `csv-parse__sync.js`, shared
  // chunk-*.js) counts as loaded when its entry is.
  const packages = new Set(modules.flatMap((m) => [...m.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)|\/dist\/vendor\/(?!chunk-)([^/_]+)(?:__[^/]*)?\.js$/g)].map((x) => x[1] ?? x[2])));
  return { code: r.status, out: r.stdout, err: r.stderr, packages, modules };
}

/** A checkout of the sources beside the repository's node_modules, compiled like `npm ci` does. */
function checkout(): string {
  const root = path.join(temp, 'checkout');
  mkdirSync(root);
  for (const dir of ['bin', 'scripts', 'templates', 'content', 'data']) cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  cpSync(path.join(REPO, 'package.json'), path.join(root, 'package.json'));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  execFileSync(process.execPath, [path.join(root, 'bin/compile.mjs')]);
  return root;
}

const CACHED = ['micromark', 'remark-parse', 'unified', '@citation-js/core', 'fontkit', 'ajv-formats', 'hast-util-from-html', 'parse5'];
const HEAVY = ['puppeteer-core', 'vega', 'vega-lite', 'pdf-lib', 'docx', 'exceljs', 'citeproc', '@sparticuz/chromium'];

describe('bin/brief.mjs', () => {
  const root = checkout();

  it('runs the compiled JavaScript while it matches the sources', () => {
    const r = run(root, ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: brief');
    expect(r.modules.some((m) => m.endsWith('/dist/cli.js'))).toBe(true);
    expect(r.packages.has('tsx')).toBe(false);
  });

  it('brief check loads no browser, chart, PDF, Word or spreadsheet library; --help loads no pipeline', () => {
    // The first check of a chart spec compiles it with vega-lite and formats the citations with
    // citeproc (the sample has a bibliography); both results are cached for the next run.
    const first = run(root, ['check', '110-overseas']);
    expect(first.code).toBe(0);
    expect(HEAVY.filter((p) => first.packages.has(p) && !['vega', 'vega-lite', 'citeproc'].includes(p))).toEqual([]);
    const check = run(root, ['check', '110-overseas']);
    expect(check.code).toBe(0);
    expect(check.err).toContain('0 errors, 0 warnings');
    expect(HEAVY.filter((p) => check.packages.has(p))).toEqual([]);
    // A repeated check reads its markdown trees, bibliography, formatted citations and glyph answers
    // from .cache/ and has brief.yaml's schema precompiled: no markdown or HTML parser (the sample's
    // raw HTML is a <span lang>), citation-js, font decoder or ajv compiler.
    expect(CACHED.filter((p) => check.packages.has(p))).toEqual([]);
    expect(check.modules.filter((m) => /node_modules\/ajv\/dist\/(core|compile)/.test(m))).toEqual([]);
    const help = run(root, ['--help']);
    expect([...help.packages].sort()).toEqual(['commander']);
  });

  it('has the artifact thread where the compiled printer starts it, and it marks a page', () => {
    // print/artifact-thread.ts starts its thread from its own module URL: a file of its own in dist/.
    const entry = path.join(root, 'dist/print/artifact-thread.js');
    const job = { id: 1, streams: [{ data: [...Buffer.from('0 0 1 1 re\nf\n')], flate: false }] };
    const script = `import { Worker } from 'node:worker_threads';
      const w = new Worker(${JSON.stringify(entry)}, { workerData: 'briefkit-artifact-pass' });
      const job = ${JSON.stringify(job)};
      job.streams[0].data = new Uint8Array(job.streams[0].data);
      job.claims = new SharedArrayBuffer(4); // the next stream nobody has claimed: all the thread's
      w.on('message', (a) => { console.log(Buffer.from(a.out[0]).toString('latin1')); w.terminate(); });
      w.postMessage(job);`;
    const file = path.join(temp, 'artifact-thread-job.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('/Artifact BMC\n0 0 1 1 re\nf\n\nEMC\n\n');
  });

  it('still runs the compiled JavaScript when a source was only touched (its content decides)', () => {
    const file = path.join(root, 'scripts/messages.ts');
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    const r = run(root, ['--help']);
    expect(r.code).toBe(0);
    expect(r.modules.some((m) => m.endsWith('/dist/cli.js'))).toBe(true);
    expect(r.packages.has('tsx')).toBe(false);
  });

  it('runs the TypeScript itself, never the old build, once a source has changed', () => {
    const cli = path.join(root, 'scripts/cli.ts');
    writeFileSync(cli, readFileSync(cli, 'utf8').replace("'Versioned policy briefs", "'Edited: versioned policy briefs"));
    const r = run(root, ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Edited: versioned policy briefs');
    expect(r.packages.has('tsx')).toBe(true);
  });
});
