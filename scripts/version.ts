// The tool's version, from package.json: stamped in the colophon, manifests and chart cache keys;
// and the installed packages' versions that go into cache keys, read from their package.json files
// so that asking does not load the packages themselves.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOOL_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const require = createRequire(import.meta.url);
const versions = new Map<string, string>();

/** A folder inside the package: its package.json's, or (when its exports hide that) its entry point's. */
function entry(name: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return path.dirname(require.resolve(name));
  }
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The version in node_modules/<name>/package.json of the nearest folder that has one: where
 * require.resolve would find the package, without reading each package's exports (~0.7 ms a package).
 */
function nodeModulesVersion(name: string): string | null {
  for (let dir = HERE; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { name?: string; version?: string };
      return pkg.name === name && pkg.version ? pkg.version : null;
    } catch {
      // not installed here
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** The installed version of `name` ('briefkit' for this tool). */
export function packageVersion(name: string): string {
  let v = versions.get(name) ?? (name === 'briefkit' ? undefined : (nodeModulesVersion(name) ?? undefined));
  if (v) {
    versions.set(name, v);
    return v;
  }
  let dir = name === 'briefkit' ? HERE : entry(name);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) {
        v = pkg.version;
        break;
      }
    } catch {
      // no package.json here
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the version of ${name}`);
    dir = up;
  }
  versions.set(name, v);
  return v;
}
