// Hostile text in every place an author or a dataset can put it — markdown, brief.yaml fields, the
// edition summary and changes, dataset cells shown in a ::table, a chart and {{…}} prose, a chart
// caption — then every HTML file briefkit writes (edition, release, pack, packs index, redline, the
// print HTML, the dev page) opened in the project's Chromium with JavaScript on: no script runs,
// no dialog opens, nothing but the document itself (and the dev page's own event stream) is
// requested, the Content-Security-Policy refuses nothing (so nothing tried), fonts and images load,
// and the hostile text is still there as text.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineContext, prepare, renderBrief } from '../../scripts/pipeline.ts';
import { startDevServer } from '../../scripts/dev/server.ts';
import { EVENTS_PATH, FONTS_PATH } from '../../scripts/dev/page.ts';
import { RenderError } from '../../scripts/messages.ts';
import { launchBrowser, type Browser } from '../../scripts/print/browser.ts';
import { openPrinter } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { guardHtml, unsafeParts } from '../../scripts/render/guard.ts';
import { TEMPLATES_DIR } from '../../scripts/render/templates.ts';
import { removeProject, runCli, runCliOk } from '../helpers/project.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/packs/freedonia/input');
const NAME = 'trade-offices';

// Each one, if it ever ran, would set window.__pwned, retitle the page or open a dialog.
const SCRIPT = `<script>window.__pwned=1;alert(1)</script>`;
const IMG = `<img src=x onerror="window.__pwned=1;alert(2)">`;
const JS_URL = `javascript:window.__pwned=1`;
const STYLE_OUT = `</style><script>document.title='pwned'</script>`;
const SVG = `"><svg onload="window.__pwned=1;alert(3)">`;
const REMOTE = `<link rel=stylesheet href="http://evil.example/x.css">`;

const TITLE = `Trade ${SCRIPT} offices`;
const SUBTITLE = `Sub ${IMG} title`;
const ORGANIZATION = `Org ${SVG}`;
const SUMMARY_10 = `First ${STYLE_OUT} edition.`;
const SUMMARY_11 = `Second ${IMG} edition.`;
const CHANGE_11 = `Changed ${JS_URL} and ${REMOTE}.`;
const CITY_BE = `Liège ${IMG}`;
const CITY_AT = `Graz ${STYLE_OUT}`;
const CAPTION = `Staff ${SVG} per office ${SCRIPT}`;
const PROSE = `Said ${SCRIPT} and ${IMG}`;

const q = JSON.stringify; // a JSON string is a YAML scalar that keeps every character
const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;
// A 1×1 PNG: the edition inlines it as data:, which the policy must still show.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function briefYaml(editions: string): string {
  return `title: ${q(TITLE)}
subtitle: ${q(SUBTITLE)}
organization: ${q(ORGANIZATION)}
authors: [${q(`Ann ${SVG}`)}]
language: en
running_header: ${q(`Header ${STYLE_OUT}`)}
footnotes: page
chapters: [summary.md, offices.md, estonia.md, annex.md]
datasets:
  offices: { path: data/offices.csv, key: [country_code, city] }
editions:
${editions}packs:
  by: offices.country_code
  include: [summary.md, annex.md]
`;
}

const E10 = `  - version: "1.0"\n    date: 2024-01-15\n    summary: ${q(SUMMARY_10)}\n`;
const E11 = `  - version: "1.1"\n    date: 2024-03-01\n    summary: ${q(SUMMARY_11)}\n    changes: [${q(CHANGE_11)}]\n`;

/** Markdown that says the payloads in every way that must stay text: code, escapes, link titles, prose figures. */
const hostileMarkdown = (extra: string) => `
## Hostile text

Code: \`${SCRIPT}\` and \`${IMG}\`.

Escaped: \\<script>window.__pwned=1\\</script> and \\<img src=x onerror="window.__pwned=1">.

A [link with a hostile title](#annex "${SVG.replace(/"/g, '&quot;')}") and plain ${JS_URL} and http://evil.example/y.js as text.

Cities: {{distinct offices "city"}}.

![A dot ${SCRIPT}](images/dot.png)

${extra}
`;

let parent: string;
let root: string;
let browser: Browser;
const pages: Record<string, string> = {};

function setState(version: '1.0' | '1.1'): void {
  writeFileSync(path.join(root, 'content', NAME, 'brief.yaml'), briefYaml(version === '1.0' ? E10 : E10 + E11));
  const csv = readFileSync(path.join(FIXTURE, 'data/offices.csv'), 'utf8')
    .replace('Graz', csvField(CITY_AT))
    .replace('Liège', csvField(CITY_BE))
    .replace('Antwerp,5', version === '1.0' ? 'Antwerp,5' : 'Antwerp,6');
  writeFileSync(path.join(root, 'data/offices.csv'), csv);
  const summary = readFileSync(path.join(FIXTURE, 'content', NAME, 'chapters/summary.md'), 'utf8');
  writeFileSync(path.join(root, 'content', NAME, 'chapters/summary.md'), summary + hostileMarkdown(version === '1.0' ? '' : `New in 1.1: ${PROSE.replace(/</g, '\\<')}.`));
  const offices = readFileSync(path.join(FIXTURE, 'content', NAME, 'chapters/offices.md'), 'utf8');
  writeFileSync(path.join(root, 'content', NAME, 'chapters/offices.md'), offices.replace('caption="Staff per office"', `caption='${CAPTION}'`));
}

const cli = (args: string[]) => runCliOk(root, args);

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'briefkit-security-'));
  root = path.join(parent, 'project');
  cpSync(FIXTURE, root, { recursive: true });
  mkdirSync(path.join(root, 'content', NAME, 'images'), { recursive: true });
  writeFileSync(path.join(root, 'content', NAME, 'images/dot.png'), PNG);

  setState('1.0');
  await cli(['release', NAME]);
  setState('1.1');
  await cli(['release', NAME]);
  await cli(['build', NAME, '--html-only']);
  await cli(['packs', NAME, '--country', 'BE,AT', '--concurrency', '1']);
  await cli(['diff', NAME, '1.0', '1.1', '--html-only']);
  // The print HTML is handed to the printer, never written: write it here to open it.
  const { doc } = await renderBrief(await prepare(pipelineContext(root), { name: NAME }));
  writeFileSync(path.join(root, 'print.html'), doc.printHtml);

  const out = path.join(root, 'output', NAME);
  Object.assign(pages, {
    edition: path.join(out, '1.1', `${NAME}-1.1.html`),
    release: path.join(root, 'releases', NAME, '1.0', `${NAME}-1.0.html`),
    pack: path.join(out, '1.1', 'packs', `${NAME}-1.1-BE.html`),
    'packs index': path.join(out, '1.1', 'packs', 'index.html'),
    redline: path.join(out, 'diff-1.0-1.1.html'),
    print: path.join(root, 'print.html'),
  });
  browser = await launchBrowser({ protocolTimeout: 120_000, userDataDir: mkdtempSync(path.join(parent, 'profile-')) });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (parent) removeProject(parent);
});

interface Visit {
  pwned: unknown;
  title: string;
  text: string;
  dialogs: number;
  requests: string[];
  violations: string[];
  fonts: string[];
  images: boolean[];
}

/**
 * Opens `url` with JavaScript on. Every request but the document itself is counted and refused,
 * except data: URLs (not a request to anywhere), `allow` (the dev page's event stream), for
 * the print HTML the font files on disk it links and, for the dev page, the font files its server
 * serves under `fontsAt`.
 */
async function visit(url: string, opts: { allow?: string; fontFiles?: boolean; fontsAt?: string } = {}): Promise<Visit> {
  const page = await browser.newPage();
  const requests: string[] = [];
  let dialogs = 0;
  const roots = fontDirs();
  try {
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const u = req.url();
      const fontFile = (opts.fontFiles && u.startsWith('file:') && roots.some((r) => fileURLToPath(u).startsWith(r))) || (opts.fontsAt !== undefined && u.startsWith(opts.fontsAt) && u.endsWith('.woff2'));
      if (u === url || u.startsWith('data:') || u === opts.allow || fontFile) return void req.continue().catch(() => undefined);
      requests.push(u);
      void req.abort('blockedbyclient').catch(() => undefined);
    });
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const streamed = opts.allow ? page.waitForRequest((r) => r.url() === opts.allow) : null;
    await page.goto(url, { waitUntil: 'load' });
    await streamed;
    const seen = await page.evaluate(async () => {
      document.body.getBoundingClientRect();
      await document.fonts.ready;
      const fonts: string[] = [];
      document.fonts.forEach((f) => fonts.push(f.status));
      return {
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        title: document.title,
        text: document.documentElement.textContent ?? '',
        violations: (window as unknown as { __violations: string[] }).__violations,
        fonts,
        images: Array.from(document.images).map((i) => i.complete && i.naturalWidth > 0),
      };
    });
    return { ...seen, dialogs, requests };
  } finally {
    await page.close();
  }
}

function expectInert(v: Visit): void {
  expect(v.pwned).toBeUndefined();
  expect(v.title).not.toBe('pwned');
  expect(v.dialogs).toBe(0);
  expect(v.requests).toEqual([]);
  expect(v.violations).toEqual([]);
}

// Payloads as they appear in the text of each page (whitespace as written).
const inText = (v: Visit, ...payloads: string[]) => {
  for (const p of payloads) expect(v.text, p).toContain(p);
};

describe('hostile text in every HTML briefkit writes', () => {
  it('the HTML edition: nothing runs or loads, fonts and the image still do, every payload reads as text', async () => {
    const v = await visit(pathToFileURL(pages.edition).href);
    expectInert(v);
    expect(v.fonts).toContain('loaded');
    expect(v.fonts).not.toContain('error');
    expect(v.images).toEqual([true]);
    expect(v.title).toBe(TITLE);
    inText(v, SUBTITLE, ORGANIZATION, SUMMARY_10, SUMMARY_11, CHANGE_11, CITY_BE, CITY_AT, CAPTION, SCRIPT, IMG, JS_URL);
    inText(v, '<script>window.__pwned=1</script>', `New in 1.1: ${PROSE}.`);
  });

  it('a released edition', async () => {
    const v = await visit(pathToFileURL(pages.release).href);
    expectInert(v);
    inText(v, TITLE, SUBTITLE, SUMMARY_10, CITY_AT, CAPTION);
  });

  it('a country pack and the packs index', async () => {
    const pack = await visit(pathToFileURL(pages.pack).href);
    expectInert(pack);
    inText(pack, TITLE, SUBTITLE, CITY_BE, SCRIPT);
    const index = await visit(pathToFileURL(pages['packs index']).href);
    expectInert(index);
    inText(index, TITLE);
  });

  it('the redline between the two releases', async () => {
    const v = await visit(pathToFileURL(pages.redline).href);
    expectInert(v);
    expect(v.fonts).not.toContain('error');
    inText(v, TITLE, CITY_BE, 'New in 1.1:', SCRIPT);
  });

  it('the print HTML (its fonts are the files on disk)', async () => {
    const v = await visit(pathToFileURL(pages.print).href, { fontFiles: true });
    expectInert(v);
    expect(v.fonts).toContain('loaded');
    expect(v.fonts).not.toContain('error');
    inText(v, SUBTITLE, CITY_AT, CAPTION);
  });

  it('the dev page: only its own live-reload client runs, on its own event stream', async () => {
    const server = await startDevServer({ root, name: NAME, port: 0, log: () => undefined, openPrinter: () => openPrinter({ allowedRoots: [root, ...fontDirs()] }) });
    try {
      const v = await visit(server.url, { allow: new URL(EVENTS_PATH, server.url).href, fontsAt: new URL(FONTS_PATH, server.url).href });
      expectInert(v);
      expect(v.fonts.length).toBeGreaterThan(0);
      expect(v.fonts.filter((s) => s === 'error')).toEqual([]);
      inText(v, TITLE, SUBTITLE, CITY_BE, SCRIPT, 'PDF');
    } finally {
      await server.close();
    }
  });
});

describe('the template checks', () => {
  it('pass the default layout and partials copied into a brief as overrides', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'briefkit-defaults-'));
    try {
      cpSync(path.join(FIXTURE, '..', '..', '..', 'errors', 'template-raw-subtitle', 'input'), dir, { recursive: true });
      const own = path.join(dir, 'content/demo/templates');
      cpSync(TEMPLATES_DIR, own, { recursive: true, filter: (f) => !f.endsWith('.css') });
      cpSync(path.join(TEMPLATES_DIR, 'partials'), own, { recursive: true });
      const r = await runCli(['--root', dir, 'check', 'demo']);
      expect(r.err.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l))).toEqual([]);
      expect(r.code).toBe(0);
    } finally {
      removeProject(dir);
    }
  });
});

describe('the final guard', () => {
  it('refuses, with a place, what the checks before it should have caught, and writes nothing', () => {
    const bad = '<!doctype html><html><head><title>x</title></head><body>\n<p>ok</p>\n<p><a href="javascript:x()">a</a></p></body></html>';
    const err = (() => {
      try {
        guardHtml(bad, { output: 'demo-1.0.html' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).message.split('\n')[0]).toMatch(/^demo-1\.0\.html:3:4: error briefkit would write .* into demo-1\.0\.html; nothing was written \[html-unsafe\]$/);
    for (const html of ['<meta http-equiv="refresh" content="0;url=http://e.example/">', '<base href="http://e.example/">', '<svg><set attributeName="href" to="javascript:x()"/></svg>', '<img src="http://e.example/p.png">', '<p onclick="x()">', '<p style="background:url(//e.example/p.png)">', '<form><button>go</button></form>', '<a href="jav&#x09;ascript:x()">x</a>', '<a href=" java&#x0A;script:x()">x</a>']) {
      expect(() => guardHtml(`<!doctype html><html><head></head><body>${html}</body></html>`, { output: 'x.html' }), html).toThrow(RenderError);
    }
  });

  it('lets through a translated edition\'s <link rel="alternate" hreflang> to a file beside the page, and no other <link>', () => {
    const page = (head: string) => `<!doctype html><html><head>${head}</head><body><p>ok</p></body></html>`;
    expect(() => guardHtml(page('<link rel="alternate" hreflang="fr" href="./demo-1.0.fr.html">'), { output: 'x.html' })).not.toThrow();
    for (const link of ['<link rel="alternate" hreflang="fr" href="https://e.example/fr.html">', '<link rel="alternate" hreflang="fr" href="//e.example/fr.html">', '<link rel="alternate" hreflang="fr" href="./sub/../../x.html">', '<link rel="alternate" href="./demo-1.0.fr.html">', '<link rel="stylesheet" hreflang="fr" href="./demo.css">', '<link rel="alternate stylesheet" hreflang="fr" href="./demo.css">']) {
      expect(() => guardHtml(page(link), { output: 'x.html' }), link).toThrow(RenderError);
    }
  });

  it('refuses what runs or loads however it is written, and passes lookalike text, quickly or not', () => {
    // guardHtml decides on parse5's tree and locates with hast: each refusal must be the one
    // unsafeParts() names, each pass a page where it names nothing.
    const page = (body: string) => `<!doctype html><html><head><title>x</title></head><body>\n${body}</body></html>`;
    const refused = [
      '<SCRIPT>x()</SCRIPT>', '<svg><script>x()</script></svg>', '<svg><a xlink:href="javascript:x()">a</a></svg>', '<svg><a href="javascript:x()">a</a></svg>',
      '<svg><image href="http://e.example/p.png"/></svg>', '<svg><use xlink:href="http://e.example/s.svg#a"/></svg>', '<math><a href="javascript:x()">a</a></math>',
      '<a HREF=" javascript:x()">a</a>', '<img srcset="data:x 1x, http://e.example/p.png 2x">', '<img src=" //e.example/p.png">',
      '<object data="http://e.example/x"></object>', '<video poster="http://e.example/p.png"></video>', '<a ping="http://e.example/">a</a>', '<table><tr><td background="http://e.example/p.png">c</td></tr></table>',
      '<p ONMOUSEOVER="x()">', '<svg><g onload="x()"/></svg>', '<iframe srcdoc="<p>x</p>"></iframe>', '<button formaction="http://e.example/">b</button>', '<template><p>x</p></template>',
      '<style>@import "http://e.example/s.css";</style>', '<style>p{background:url( http://e.example/p.png )}</style>', '<p style="behavior:url(x.htc)">', '<noscript><p>x</p></noscript>',
      '<a.b href="javascript:x()">a</a.b>', '<p class="a" class="b" onclick="x()">', '<link rel="alternate stylesheet" hreflang="fr" href="./x.css">', '<blockquote cite="http://e.example/">q</blockquote>',
    ];
    for (const body of refused) {
      const [first] = unsafeParts(page(body)).findings;
      expect(first, body).toBeDefined();
      expect(() => guardHtml(page(body), { output: 'x.html' }), body).toThrow(`x.html:${first.line}:${first.column}:`);
    }
    const passed = [
      '<p>onclick="x()" and javascript:x() as text</p>', '<pre><code>&lt;script&gt;x()&lt;/script&gt;</code></pre>', '<a href="#fn-1">1</a>', '<a href="https://e.example/">e</a>',
      '<img src="data:image/png;base64,AAAA" alt="">', '<svg><path d="M0 0" style="fill:#000"/><text>onload=</text></svg>', '<p title="<script>">t</p>', '<p data-onclick="x">t</p>',
    ];
    for (const body of passed) {
      expect(unsafeParts(page(body)).findings, body).toEqual([]);
      expect(() => guardHtml(page(body), { output: 'x.html' }), body).not.toThrow();
    }
  });

  it('puts the policy first in the head and leaves the rest byte for byte', () => {
    const html = '<!doctype html><html lang="en"><head data-x="a>b"><meta charset="utf-8"><title>x</title></head><body><p>ok</p></body></html>';
    const out = guardHtml(html, { output: 'x.html' });
    expect(out).toBe(html.replace('<head data-x="a>b">', `<head data-x="a>b"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">`));
  });
});
