// `brief verify`: re-hash every file of every release against its manifest. Needs no brief.yaml, so
// it also works when the working sources are broken.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Reporter } from '../messages.ts';
import type { Diagnostic } from '../types.ts';
import { compareVersions } from '../config/load.ts';
import { relToRoot } from '../config/paths.ts';
import { MANIFEST, releasesRoot, SOURCES, type Manifest } from './releases.ts';

export interface VerifyResult {
  name: string;
  releases: { version: string; files: number; ok: boolean }[];
  diagnostics: Diagnostic[];
}

// A rebuild from a release's sources (`brief build --root releases/…/sources`) writes these; they are not part of it.
const BUILD_PRODUCTS = [`${SOURCES}/output/`, `${SOURCES}/.cache/`];

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

function checkRelease(root: string, dir: string, reporter: Reporter): number {
  const at = (rel: string) => ({ file: relToRoot(root, path.join(dir, rel)), line: 1, column: 1 });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    if (!Array.isArray(manifest.files)) throw new Error('it lists no files');
  } catch (e) {
    const detail = !existsSync(path.join(dir, MANIFEST)) ? 'the file is missing' : e instanceof SyntaxError ? 'it is not valid JSON' : String((e as Error).message);
    reporter.report(at(MANIFEST), 'release-manifest-invalid', { detail });
    return 0;
  }
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const abs = path.resolve(dir, f.path);
    if (path.relative(dir, abs).startsWith('..') || !existsSync(abs)) {
      reporter.report(at(f.path), 'release-file-missing', { path: f.path });
      continue;
    }
    const bytes = readFileSync(abs);
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash !== f.sha256 || bytes.byteLength !== f.size) {
      const detail = bytes.byteLength !== f.size ? `${bytes.byteLength} bytes, the manifest says ${f.size}` : `sha256 ${hash.slice(0, 12)}…, the manifest says ${String(f.sha256).slice(0, 12)}…`;
      reporter.report(at(f.path), 'release-file-modified', { path: f.path, detail });
    }
  }
  for (const rel of walk(dir)) {
    if (rel === MANIFEST || listed.has(rel) || BUILD_PRODUCTS.some((p) => rel.startsWith(p))) continue;
    reporter.report(at(rel), 'release-file-extra', { path: rel });
  }
  return manifest.files.length;
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
