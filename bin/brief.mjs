#!/usr/bin/env node
// Runs the CLI compiled to dist/ by bin/compile.mjs (on `npm ci` and `npm run build`) when it was
// compiled from the sources as they are now; otherwise (no build yet, or a source edited since)
// the TypeScript itself through tsx: slower to start, but never old code.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { DIST, distIsCurrent } from './sources.mjs';

// V8's optimizing threshold is raised by the printer thread once it has loaded (print/printer-thread.ts),
// not here: any V8 flag set at run time makes Node's built-in modules compile without their code cache.

async function loadMain() {
  if (distIsCurrent()) return (await import(pathToFileURL(path.join(DIST, 'cli.js')).href)).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../scripts/cli.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
