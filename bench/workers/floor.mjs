// The floor: the same print HTML, the same Chromium binary and flags, no pagination script, one bare
// page.pdf(). Plain JavaScript run by plain node, so its cold start carries no TypeScript loader.
// Usage: node bench/workers/floor.mjs '<job json>'; prints one `@bench {json}` line per print.
//   job: { mode: 'cold' | 'warm', html, out, exe, args, iterations, warmup, pdf }
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const job = JSON.parse(process.argv[2]);
const t0 = performance.now(); // ms since the process started: node's start-up and the puppeteer-core import
const round = (ms) => Math.round(ms * 10) / 10;
const emit = (r) => process.stdout.write(`@bench ${JSON.stringify(r)}\n`);

// The flags briefkit's own launch used (captured by the harness), minus the profile folder:
// puppeteer makes a fresh temporary one and removes it on close.
const browser = await puppeteer.launch({
  executablePath: job.exe,
  args: job.args.filter((a) => !a.startsWith('--user-data-dir')),
  ignoreDefaultArgs: true,
  pipe: true,
  defaultViewport: null,
  handleSIGINT: false,
  handleSIGTERM: false,
  handleSIGHUP: false,
});
const launchMs = round(performance.now() - t0);
const page = await browser.newPage();
const url = pathToFileURL(job.html).href;
const total = job.mode === 'cold' ? 1 : job.warmup + job.iterations;
for (let i = 0; i < total; i++) {
  const t = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate('document.fonts.ready.then(() => document.fonts.size)');
  const tLoad = performance.now();
  const pdf = await page.pdf({ ...job.pdf, printBackground: true, tagged: true, outline: true });
  const tPdf = performance.now();
  writeFileSync(job.out, pdf);
  const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  emit({ i, warm: job.mode === 'cold' || i >= job.warmup, ms: round(performance.now() - t), pages, launchMs, timings: { boot: round(t0), launch: launchMs, load: round(tLoad - t), pdf: round(tPdf - tLoad) } });
}
await browser.close();
