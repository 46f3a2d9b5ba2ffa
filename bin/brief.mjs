#!/usr/bin/env node
// Runs the CLI compiled to dist/ by bin/compile.mjs (on `npm ci` and `npm run build`) when it was
// compiled from the sources as they are now; otherwise (no build yet, or a source edited since)
// the TypeScript itself through tsx: slower to start, but never old code.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import v8 from 'node:v8';
import { DIST, distIsCurrent } from './sources.mjs';

// A command is a process of a second or two whose code mostly runs a few thousand times, beside a
// browser that wants the other core. At V8's default threshold its optimizing compiler spent about
// a second of CPU on a cold build of the 20-page bench brief (300 functions), more than the code it
// made saved; at 8× the threshold it optimizes only the truly hot loops. Set before anything else is
// loaded, so every function counts from it. (Measured: cold builds 4–7% faster, the PDF/UA pass ~30%.)
v8.setFlagsFromString('--interrupt-budget=540672');

async function loadMain() {
  if (distIsCurrent()) return (await import(pathToFileURL(path.join(DIST, 'cli.js')).href)).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../scripts/cli.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
