// What a cold `brief` pays before it does any work: node's own start, choosing how to run (the
// sources hash bin/brief.mjs compares with dist/; tsx registered only when dist/ is missing or stale),
// and loading the modules a build needs, in the order bin/brief.mjs and cli.ts load them.
// Prints `@bench {json}`.
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { DIST, distIsCurrent } from '../../bin/sources.mjs';

const boot = performance.now(); // ms since the process started: node's own start-up
const marks = { node: Math.round(boot) };
let last = boot;
const lap = (key) => {
  const now = performance.now();
  marks[key] = Math.round((now - last) * 10) / 10;
  last = now;
};
const compiled = distIsCurrent();
// dist/ is one bundle (bin/compile.mjs): cli.js and chunks, each module marked `// scripts/<rel>.ts`
// where esbuild put it. A module is loaded as the CLI loads it: its chunk, with what that imports.
let bundled = null; // [file, text] of each .js at the top of dist/, read once
const chunkOf = (rel) => {
  bundled ??= readdirSync(DIST).filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(path.join(DIST, f), 'utf8')]);
  const mark = `\n// scripts/${rel}.ts\n`;
  const found = bundled.find(([, text]) => text.includes(mark));
  if (!found) throw new Error(`no chunk of dist/ holds scripts/${rel}.ts`);
  return path.join(DIST, found[0]);
};
const chunks = new Map();
let load = (rel) => import(pathToFileURL(rel === 'cli' ? path.join(DIST, 'cli.js') : chunks.get(rel)).href);
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
  load = (rel) => import(`../../scripts/${rel}.ts`);
}
marks.compiled = compiled ? 1 : 0;
lap('tsx');
if (compiled) {
  for (const rel of ['runs/build', 'print/printer', 'render/fonts', 'charts/draw']) chunks.set(rel, chunkOf(rel));
  last = performance.now(); // finding the chunks is the probe's own work
}
await load('cli');
lap('cli');
await load('runs/build');
lap('build');
await load('print/printer');
lap('printer');
await load('render/fonts');
lap('fonts');
await load('charts/draw'); // vega + vega-lite, loaded when a chart is not cached
lap('charts');
process.stdout.write(`@bench ${JSON.stringify(marks)}\n`);
