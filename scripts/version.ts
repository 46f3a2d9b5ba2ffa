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

/** The installed version of `name` ('briefkit' for this tool). */
export function packageVersion(name: string): string {
  let v = versions.get(name);
  if (v) return v;
  let dir = name === 'briefkit' ? path.dirname(fileURLToPath(import.meta.url)) : entry(name);
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
