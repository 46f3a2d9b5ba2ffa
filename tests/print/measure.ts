// Pagination cost against a bare Chromium print of the same HTML (target: ours ≤ 1.5× bare).
// Not a test (no wall-clock assertions): `npx tsx tests/print/measure.ts [runs]`.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { guardPage, launchBrowser } from '../../scripts/print/browser.ts';
import { openPrinter } from '../../scripts/print/printer.ts';
import { buildFixture, printOptions, projectRoot } from './fixture.ts';

const runs = Number(process.argv[2] ?? 7);
const options = printOptions();
const fx = buildFixture({ tableRows: 40, caseStudies: 1 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Bare: load the same HTML, wait for fonts, page.pdf with the same options, no pagination.
// Bare and ours alternate, so both see the same machine load.
const dir = path.join(projectRoot, 'output', '.tmp', `measure-${process.pid}`);
await mkdir(dir, { recursive: true });
const file = path.join(dir, 'bare.html');
await writeFile(file, fx.html);
const browser = await launchBrowser({ protocolTimeout: 120_000, userDataDir: path.join(dir, 'profile') });
const printer = await openPrinter({ allowedRoots: options.allowedRoots });
const bare: number[] = [];
const bareLoad: number[] = [];
const ours: number[] = [];
const parts: Record<string, number[]> = {};
let barePages = 0;
let pages = 0;
try {
  for (let i = 0; i < runs + 1; i++) {
    let t0 = performance.now();
    const page = await browser.newPage();
    await guardPage(page, options.allowedRoots);
    await page.setJavaScriptEnabled(false);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => 0)');
    const t1 = performance.now();
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
    await page.close();
    barePages = Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;
    if (i > 0) {
      bare.push(performance.now() - t0); // the first round warms both browsers
      bareLoad.push(t1 - t0);
    }
    t0 = performance.now();
    const r = await printer.print({ html: fx.html, name: 'measure', options });
    if (i === 0) continue;
    ours.push(performance.now() - t0);
    pages = r.pages;
    for (const [k, v] of Object.entries(r.timings)) (parts[k] ??= []).push(v);
  }
} finally {
  await browser.close();
  await printer.close();
  await rm(dir, { recursive: true, force: true });
}

const b = median(bare);
const o = median(ours);
console.log(`document: ${pages} pages (bare print: ${barePages}), ${fx.notes.length} footnotes, ${runs} warm runs, medians`);
console.log(`bare page.pdf:              ${b.toFixed(0)} ms  (load ${median(bareLoad).toFixed(0)}, pdf ${(b - median(bareLoad)).toFixed(0)})`);
console.log(`load + paginate + print:    ${o.toFixed(0)} ms  (${(o / b).toFixed(2)}× bare)`);
console.log('  ' + Object.entries(parts).map(([k, v]) => `${k} ${median(v).toFixed(0)}`).join(', '));
