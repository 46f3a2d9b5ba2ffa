// What a cold `brief` pays before it does any work: node's own start, registering tsx, and loading
// the modules a build needs, in the order bin/brief.mjs and cli.ts load them. Prints `@bench {json}`.
import { performance } from 'node:perf_hooks';

const boot = performance.now(); // ms since the process started: node's own start-up
const marks = { node: Math.round(boot) };
let last = boot;
const lap = (key) => {
  const now = performance.now();
  marks[key] = Math.round((now - last) * 10) / 10;
  last = now;
};
const { register } = await import('tsx/esm/api');
register();
lap('tsx');
await import('../../scripts/cli.ts');
lap('cli');
await import('../../scripts/runs/build.ts');
lap('build');
await import('../../scripts/print/printer.ts');
lap('printer');
await import('../../scripts/render/fonts.ts');
lap('fonts');
await import('../../scripts/charts/draw.ts'); // vega + vega-lite, loaded when a chart is not cached
lap('charts');
process.stdout.write(`@bench ${JSON.stringify(marks)}\n`);
