// A release is immutable for every command. Every command that reads releases — a build (of
// the working sources, whose revision log reads the last release, and of a release's own sources),
// check, diff, packs, verify and a dev session — leaves releases/ exactly as it was: the same paths,
// bytes, modes and modification times, folders included (a file made and removed again shows there).
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../scripts/dev/server.ts';
import { openPrinter } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { removeProject, runCli, runCliOk } from '../helpers/project.ts';
import { BRIEF, packsProject } from '../packs/fixture.ts';
import { sha256 } from '../../scripts/hash.ts';

let parent: string;
let root: string;
let baseline: string[];

/** One line per file and folder under `dir`: path, mode, mtime, size and, for files, sha256. */
function state(dir: string): string[] {
  const lines: string[] = [];
  const visit = (abs: string) => {
    const s = lstatSync(abs);
    const rel = path.relative(dir, abs) || '.';
    const sha = s.isFile() ? sha256(readFileSync(abs)) : '-';
    lines.push(`${rel} ${s.mode.toString(8)} ${s.mtimeMs} ${s.size} ${sha}`);
    if (s.isDirectory()) for (const n of readdirSync(abs).sort()) visit(path.join(abs, n));
  };
  visit(dir);
  return lines;
}

const releases = () => state(path.join(root, 'releases'));
const snapshot = (version: string) => path.join(root, 'releases', BRIEF, version, 'sources');

const cli = async (args: string[]) => (await runCliOk(root, args)).out;

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'briefkit-immutable-'));
  root = packsProject({ parent });
  const yaml = path.join(root, 'content', BRIEF, 'brief.yaml');
  const full = readFileSync(yaml, 'utf8');
  // Edition 1.0 first (the brief without its 1.1 entry), then 1.1: two releases to diff and read.
  writeFileSync(yaml, full.replace(/  - version: "1\.1"[\s\S]*?(?=packs:)/, ''));
  await cli(['release', BRIEF]);
  writeFileSync(yaml, full);
  await cli(['release', BRIEF]);
  baseline = releases();
  expect(baseline.some((l) => l.startsWith(`${BRIEF}/1.1/sources/data/offices.csv `))).toBe(true);
});

afterAll(() => {
  if (parent) removeProject(parent);
});

describe('releases/ after every command', () => {
  it('build (its revision log reads the releases) leaves it unchanged', async () => {
    await cli(['build', BRIEF]);
    expect(releases()).toEqual(baseline);
  });

  it('a rebuild of a release from its sources writes to the project’s output/, not into the release', async () => {
    await runCliOk(snapshot('1.1'), ['build', BRIEF]);
    expect(releases()).toEqual(baseline);
    expect(readdirSync(path.join(root, 'output', BRIEF, '1.1-rebuilt'))).toContain(`${BRIEF}-1.1.pdf`);
  });

  it('check, of the project and of a release’s sources, leaves it unchanged', async () => {
    await cli(['check', BRIEF]);
    await runCliOk(snapshot('1.0'), ['check', BRIEF]);
    expect(releases()).toEqual(baseline);
  });

  it('diff between two releases and against the draft leaves it unchanged', async () => {
    await cli(['diff', BRIEF, '1.0', '1.1']);
    await cli(['diff', BRIEF, '1.1', 'draft']);
    expect(releases()).toEqual(baseline);
  });

  it('packs leaves it unchanged', async () => {
    await cli(['packs', BRIEF, '--country', 'AT,EE']);
    expect(releases()).toEqual(baseline);
  });

  it('verify leaves it unchanged', async () => {
    await cli(['verify', BRIEF]);
    expect(releases()).toEqual(baseline);
  });

  it('a dev session, on the project and on a release’s sources, leaves it unchanged', async () => {
    for (const at of [root, snapshot('1.1')]) {
      const server = await startDevServer({ root: at, name: BRIEF, port: 0, log: () => undefined, openPrinter: () => openPrinter({ allowedRoots: [at, ...fontDirs()] }) });
      try {
        expect(server.session.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect((await fetch(server.url)).status).toBe(200);
      } finally {
        await server.close();
      }
    }
    expect(releases()).toEqual(baseline);
  });
});

describe('a tampered release', () => {
  let copy: string;
  const csv = () => path.join(copy, 'releases', BRIEF, '1.1', 'sources', 'data', 'offices.csv');
  const LOCATED = new RegExp(`^releases/${BRIEF}/1\\.1/sources/data/offices\\.csv:1:1: error release 1\\.1 was changed after it was archived: it does not match the manifest \\(.*\\); it is not used to (.*) \\[release-tampered\\]$`, 'm');

  beforeAll(() => {
    copy = mkdtempSync(path.join(parent, 'tampered-'));
    cpSync(root, copy, { recursive: true });
    // A staff count changed in the archived data, as someone "fixing" a release by hand would.
    // Edition 1.2 in the works: its revision log reads release 1.1's data.
    const yaml = path.join(copy, 'content', BRIEF, 'brief.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('packs:', '  - version: "1.2"\n    date: 2024-05-01\n    summary: "Next."\npacks:'));
    writeFileSync(csv(), readFileSync(csv(), 'utf8').replace(/,(\d+),(\d{4})\n/, (_m, staff: string, year: string) => `,${Number(staff) + 1},${year}\n`));
  });

  it('is refused, naming the file, by a build whose revision log would diff against it', async () => {
    const r = await runCli(['--root', copy, 'build', '--html-only', BRIEF]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(LOCATED);
    expect(LOCATED.exec(r.err)![1]).toBe('compute the data changes in the revision log');
  });

  it('is refused by diff and by a rebuild from its sources', async () => {
    const diff = await runCli(['--root', copy, 'diff', BRIEF, '1.0', '1.1']);
    expect(diff.code).toBe(1);
    expect(LOCATED.exec(diff.err)?.[1]).toBe('draw the redline');
    const rebuild = await runCli(['--root', path.join(copy, 'releases', BRIEF, '1.1', 'sources'), 'build', '--html-only', BRIEF]);
    expect(rebuild.code).toBe(1);
    expect(LOCATED.exec(rebuild.err)?.[1]).toBe('build from its sources');
  });

  it('is shown as an error by brief dev, which keeps serving', async () => {
    const server = await startDevServer({ root: copy, name: BRIEF, port: 0, log: () => undefined, openPrinter: () => openPrinter({ allowedRoots: [copy, ...fontDirs()] }) });
    try {
      const errors = server.session.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => [d.file, d.rule])).toEqual([[`releases/${BRIEF}/1.1/sources/data/offices.csv`, 'release-tampered']]);
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('is refused by the next release, which writes nothing', async () => {
    const r = await runCli(['--root', copy, 'release', BRIEF]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(LOCATED);
    expect(readdirSync(path.join(copy, 'releases', BRIEF)).sort()).toEqual(['1.0', '1.1']);
  });
});
