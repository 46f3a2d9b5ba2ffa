// What a cold `brief` pays before it does any work: node's own start, choosing how to run (the
// sources hash bin/brief.mjs compares with dist/; tsx registered only when dist/ is missing or stale),
// and loading the modules a build needs, in the order bin/brief.mjs and cli.ts load them.
// Prints `@bench {json}`.
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
let load = (rel) => import(pathToFileURL(path.join(DIST, `${rel}.js`)).href);
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
  load = (rel) => import(`../../scripts/${rel}.ts`);
}
marks.compiled = compiled ? 1 : 0;
lap('tsx');
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
