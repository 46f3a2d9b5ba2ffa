// The paginator on its own, checked inside the laid-out pages: no line of text crosses into the
// notes area or off the page, no text is lost or duplicated, every note starts on the page of its
// first reference, contents numbers point at the right pages. Edge cases: a callout taller than a
// page, nested and numbered lists, long blockquotes and code, a tall chart, dense notes.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardPage, launchBrowser, type Browser } from '../../scripts/print/browser.ts';
import { paginateScript } from '../../scripts/print/bundle.ts';
import type { PaginateResult } from '../../scripts/print/paginate/types.ts';
import { buildEdgeCases, buildFixture, printOptions, projectRoot } from './fixture.ts';

let browser: Browser;
let dir: string;
const options = printOptions();

beforeAll(async () => {
  await mkdir(path.join(projectRoot, 'output', '.tmp'), { recursive: true });
  dir = await mkdtemp(path.join(projectRoot, 'output', '.tmp', 'paginate-test-'));
  browser = await launchBrowser({ protocolTimeout: 60_000, userDataDir: path.join(dir, 'profile') });
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Check {
  result: PaginateResult;
  /** Lines of text (or images) outside their area: "page 3 content: …". */
  clipped: string[];
  textBefore: string;
  textAfter: string;
  notesBefore: Record<string, string>;
  notesAfter: Record<string, string>;
  /** note number → [page of first reference, page where the note starts] */
  notePages: Record<string, [number, number]>;
  /** id → [number printed in the contents, page where the id is] */
  tocPages: Record<string, [string, number]>;
  pageCount: number;
}

// Text of the flow without what pagination adds or fills in (furniture, numbers, repeated heads).
const SNAPSHOT = `(() => {
  const strip = (root) => {
    const c = root.cloneNode(true);
    c.querySelectorAll('.pageref, .toc-page, a.fnback, thead[data-repeated], .fn-num, style, script').forEach((e) => e.remove());
    return c.textContent.replace(/\\s+/g, '');
  };
  const notes = {};
  document.querySelectorAll('section.footnotes li[data-fn]').forEach((li) => (notes[li.dataset.fn] = strip(li)));
  const flow = document.body.cloneNode(true);
  if (document.body.dataset.footnotes !== 'endnotes') flow.querySelectorAll('section.footnotes').forEach((e) => e.remove());
  return { text: strip(flow), notes };
})()`;

const VERIFY = `(() => {
  const range = document.createRange();
  const clipped = [];
  // Glyph boxes of tightly leaded lines (headings, superscripts) overhang their line box a little.
  const slack = 3;
  const pages = [...document.querySelectorAll('.page')];
  const inside = (root, top, bottom, label) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n; (n = walker.nextNode()); ) {
      let rects = [];
      if (n.nodeType === 3) {
        if (!n.data.trim()) continue;
        range.selectNodeContents(n);
        rects = [...range.getClientRects()];
      } else if (/^(IMG|svg)$/.test(n.tagName)) rects = [n.getBoundingClientRect()];
      for (const r of rects) {
        if (r.width === 0 || r.height === 0) continue;
        if (r.top < top - slack || r.bottom > bottom + slack) {
          clipped.push(label + ': ' + (n.textContent || n.tagName).trim().slice(0, 40) + ' [' + Math.round(r.top - top) + '..' + Math.round(r.bottom - top) + ' of ' + Math.round(bottom - top) + ']');
          break;
        }
      }
    }
  };
  pages.forEach((page, i) => {
    const body = page.querySelector('.page-body').getBoundingClientRect();
    const notes = page.querySelector('.page-notes');
    const notesTop = notes ? notes.getBoundingClientRect().top : body.bottom;
    inside(page.querySelector('.page-content'), body.top, notesTop, 'page ' + (i + 1) + ' content');
    if (notes) inside(notes, notesTop, body.bottom, 'page ' + (i + 1) + ' notes');
  });
  const strip = (root) => {
    const c = root.cloneNode(true);
    c.querySelectorAll('.pageref, .toc-page, a.fnback, thead[data-repeated], .fn-num').forEach((e) => e.remove());
    return c.textContent.replace(/\\s+/g, '');
  };
  const text = pages.map((p) => strip(p.querySelector('.page-content'))).join('');
  const notes = {};
  for (const fn of document.querySelectorAll('.page-notes .fn')) notes[fn.dataset.fn] = (notes[fn.dataset.fn] || '') + strip(fn);
  const pageOf = (el) => pages.indexOf(el.closest('.page')) + 1;
  const notePages = {};
  for (const a of document.querySelectorAll('.page-content [data-fn]')) {
    const n = a.dataset.fn;
    if (notePages[n]) continue;
    const note = document.getElementById('fn-' + n);
    notePages[n] = [pageOf(a), note ? pageOf(note) : -1];
  }
  const tocPages = {};
  for (const s of document.querySelectorAll('.toc-page[data-page-of]')) {
    const target = document.getElementById(s.dataset.pageOf);
    tocPages[s.dataset.pageOf] = [s.textContent, target ? pageOf(target) : -1];
  }
  return { clipped, text, notes, notePages, tocPages, pageCount: pages.length };
})()`;

async function check(html: string, name: string): Promise<Check> {
  const file = path.join(dir, `${name}.html`);
  await writeFile(file, html);
  const page = await browser.newPage();
  try {
    await guardPage(page, options.allowedRoots);
    await page.setJavaScriptEnabled(false);
    await page.emulateMediaType('print');
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => 0)');
    const before = (await page.evaluate(SNAPSHOT)) as { text: string; notes: Record<string, string> };
    const result = (await page.evaluate(await paginateScript())) as PaginateResult;
    await page.evaluate('document.fonts.ready.then(() => 0)');
    const after = (await page.evaluate(VERIFY)) as { clipped: string[]; text: string; notes: Record<string, string>; notePages: Check['notePages']; tocPages: Check['tocPages']; pageCount: number };
    return { result, clipped: after.clipped, textBefore: before.text, textAfter: after.text, notesBefore: before.notes, notesAfter: after.notes, notePages: after.notePages, tocPages: after.tocPages, pageCount: after.pageCount };
  } finally {
    await page.close();
  }
}

function expectSound(c: Check, opts: { pageNotes: boolean }) {
  expect(c.clipped).toEqual([]);
  expect(c.result.overflow).toEqual([]);
  expect(c.result.pages).toBe(c.pageCount);
  expect(c.textAfter).toBe(c.textBefore);
  if (opts.pageNotes) {
    expect(c.notesAfter).toEqual(c.notesBefore);
    for (const [n, [ref, note]] of Object.entries(c.notePages)) expect(note, `note ${n}`).toBe(ref);
  }
  for (const [id, [printed, real]] of Object.entries(c.tocPages)) expect(printed, id).toBe(String(real));
}

describe('paginate', () => {
  it('lays out the sample brief with nothing clipped, lost or misplaced', async () => {
    const c = await check(buildFixture().html, 'sample');
    expectSound(c, { pageNotes: true });
    expect(c.result.notes).toBeGreaterThan(buildFixture().notes.length); // some notes split in two
  });

  it('handles awkward blocks: tall callout, nested lists, quotes, code, tall chart, dense notes', async () => {
    const c = await check(buildEdgeCases(), 'edge');
    expectSound(c, { pageNotes: true });
  });

  it('keeps the endnotes as a chapter of their own', async () => {
    const c = await check(buildFixture({ footnotes: 'endnotes', size: 0.5, tableRows: 30 }).html, 'endnotes');
    expectSound(c, { pageNotes: false });
    expect(c.result.notes).toBe(0);
  });

  it('reports, and clips, a block that cannot fit on any page', async () => {
    const huge = `<figure class="chart" id="fig-huge" style="break-inside: avoid"><div style="height: 400mm; background: #ccc">tall</div><figcaption>Figure 9. Too tall.</figcaption></figure>`;
    const html = buildFixture({ size: 0.2, tableRows: 4, inject: huge }).html;
    const c = await check(html, 'overflow');
    expect(c.result.overflow.length).toBe(1);
    expect(c.textAfter).toBe(c.textBefore); // nothing lost from the flow, only clipped on paper
  });

  it('survives a 100-page brief with 300 notes', async () => {
    const c = await check(buildFixture({ caseStudies: 35, tableRows: 400 }).html, 'large');
    expectSound(c, { pageNotes: true });
    expect(c.pageCount).toBeGreaterThan(60);
  });
});
