// Data the compiled CLI keeps beside its modules (dist/render/), made at compile time (bin/compile.mjs)
// from an installed package: the font faces from their CSS, the hyphenation patterns from their
// JavaScript. Each file names the package version it was made from and is used only for that one; a
// file that is missing (tests, development) or older leaves the caller to read the package itself.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageVersion } from '../version.ts';

type Prebuilt<T> = { version: string; data: T };

/** Writes `data`, made from the installed `pkg`, as JSON to `file`. */
export function writePrebuilt(file: string, pkg: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ version: packageVersion(pkg), data } satisfies Prebuilt<unknown>));
}

/** What writePrebuilt wrote to `file`, when it was made from the installed version of `pkg`; else null. */
export function readPrebuilt<T>(file: string, pkg: string): T | null {
  let table: Prebuilt<T>;
  try {
    table = JSON.parse(readFileSync(file, 'utf8')) as Prebuilt<T>;
  } catch {
    return null;
  }
  return table.version === packageVersion(pkg) ? table.data : null;
}
