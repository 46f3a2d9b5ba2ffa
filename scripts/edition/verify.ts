// `brief verify`: re-hash every file of every release against its manifest. Needs no brief.yaml, so
// it also works when the working sources are broken. The same check guards every command that reads
// a release's archived sources (the revision log's data diff, the redline, a rebuild).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Reporter, UserError } from '../messages.ts';
import type { Diagnostic } from '../types.ts';
import { compareVersions } from '../config/load.ts';
import { relToRoot } from '../config/paths.ts';
import { MANIFEST, releasesRoot, SOURCES, type Manifest } from './releases.ts';
import { sha256 } from '../hash.ts';

export interface VerifyResult {
  name: string;
  releases: { version: string; files: number; ok: boolean }[];
  diagnostics: Diagnostic[];
}

type Problem =
  | { rule: 'release-manifest-invalid'; path: string; detail: string }
  | { rule: 'release-file-missing'; path: string }
  | { rule: 'release-file-modified'; path: string; detail: string }
  | { rule: 'release-file-extra'; path: string };

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

/** What differs between a release folder and its manifest; `under` limits the check to one subfolder (e.g. sources/). */
function releaseProblems(dir: string, under = ''): { problems: Problem[]; files: number } {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    if (!Array.isArray(manifest.files)) throw new Error('it lists no files');
  } catch (e) {
    const detail = !existsSync(path.join(dir, MANIFEST)) ? 'the file is missing' : e instanceof SyntaxError ? 'it is not valid JSON' : String((e as Error).message);
    return { problems: [{ rule: 'release-manifest-invalid', path: MANIFEST, detail }], files: 0 };
  }
  const problems: Problem[] = [];
  const listed = new Set<string>();
  const files = manifest.files.filter((f) => String(f.path).startsWith(under));
  for (const f of files) {
    listed.add(f.path);
    const abs = path.resolve(dir, f.path);
    if (path.relative(dir, abs).startsWith('..') || !existsSync(abs) || !statSync(abs).isFile()) {
      problems.push({ rule: 'release-file-missing', path: f.path });
      continue;
    }
    const bytes = readFileSync(abs);
    const hash = sha256(bytes);
    if (hash !== f.sha256 || bytes.byteLength !== f.size) {
      const detail = bytes.byteLength !== f.size ? `${bytes.byteLength} bytes, the manifest says ${f.size}` : `sha256 ${hash.slice(0, 12)}…, the manifest says ${String(f.sha256).slice(0, 12)}…`;
      problems.push({ rule: 'release-file-modified', path: f.path, detail });
    }
  }
  const top = path.join(dir, under);
  const present = existsSync(top) ? walk(top).map((rel) => `${under}${rel}`) : [];
  for (const rel of present) if (rel !== MANIFEST && !listed.has(rel)) problems.push({ rule: 'release-file-extra', path: rel });
  return { problems, files: files.length };
}

function checkRelease(root: string, dir: string, reporter: Reporter): number {
  const { problems, files } = releaseProblems(dir);
  for (const p of problems) reporter.report({ file: relToRoot(root, path.join(dir, p.path)), line: 1, column: 1 }, p.rule, p);
  return files;
}

const tampering: Record<Problem['rule'], (p: Problem) => string> = {
  'release-manifest-invalid': (p) => `its manifest cannot be read (${'detail' in p ? p.detail : ''})`,
  'release-file-missing': () => 'it is missing',
  'release-file-modified': (p) => `it does not match the manifest (${'detail' in p ? p.detail : ''})`,
  'release-file-extra': () => 'it is not in the manifest',
};

/**
 * Throws UserError (release-tampered, naming each file) unless the archived sources of the release
 * in `dir` are exactly those its manifest lists: a changed snapshot would silently give a false
 * data diff or a rebuild that is not the release. `project` is the root paths are shown against.
 */
export function assertSnapshotIntact({ project, dir, use }: { project: string; dir: string; use: string }): void {
  const { problems } = releaseProblems(dir, `${SOURCES}/`);
  if (!problems.length) return;
  const reporter = new Reporter();
  const version = path.basename(dir);
  for (const p of problems) {
    reporter.report({ file: relToRoot(project, path.join(dir, p.path)), line: 1, column: 1 }, 'release-tampered', { version, detail: tampering[p.rule](p), use, brief: path.basename(path.dirname(dir)) });
  }
  throw new UserError(reporter.diagnostics);
}

export function verify({ root, name }: { root: string; name: string }): VerifyResult {
  const parent = releasesRoot({ root, name });
  const versions = existsSync(parent) ? readdirSync(parent).filter((v) => !v.startsWith('.') && statSync(path.join(parent, v)).isDirectory()).sort(compareVersions) : [];
  const diagnostics: Diagnostic[] = [];
  const releases = versions.map((version) => {
    const reporter = new Reporter();
    const files = checkRelease(root, path.join(parent, version), reporter);
    diagnostics.push(...reporter.diagnostics);
    return { version, files, ok: reporter.diagnostics.length === 0 };
  });
  return { name, releases, diagnostics };
}
