// The sandbox (the renderer loads only files under the project root): a brief trying every way out — ../ and absolute paths in brief.yaml,
// chapters, directives, images and links, a symlink out of the root, remote and file:// resources
// in raw HTML, template CSS and partials — gets a located error for each from `brief check`, and
// `brief build` stops before any browser starts. What a check cannot stop (a template override
// swapped in after the check) the print sandbox refuses: nothing reaches the network.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineContext, prepare, renderBrief } from '../../scripts/pipeline.ts';
import { printWarnings } from '../../scripts/print/document.ts';
import { openPrinter } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { diagnosticLines } from '../helpers/fixtures.ts';
import { readPdf } from '../helpers/pdf.ts';
import { makeProject, removeProject, runCli } from '../helpers/project.ts';

let server: Server;
let hits: string[] = [];
let net = '';
const roots: string[] = [];

beforeAll(async () => {
  // Stands in for the network: anything that got out would show up here.
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('body { color: red }');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  net = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const r of roots) removeProject(r);
});

const BRIEF = (chapters: string, extra = '') => `title: "Escape attempts"
language: en
chapters: [${chapters}]
${extra}editions:
  - version: "1.0"
    date: 2024-03-01
    summary: "First edition."
`;

function project(): string {
  const root = makeProject({
    // brief.yaml: a chapter and a dataset outside the root
    'content/yaml/brief.yaml': BRIEF('../../../outside.md, /etc/hostname', 'datasets:\n  secrets: ../outside.csv\n  passwd: /etc/passwd\n'),
    // content: every escape a chapter, a directive or a template can try
    'content/content/brief.yaml': BRIEF('one.md', 'datasets:\n  wells: data/wells.csv\n'),
    'content/content/chapters/one.md': [
      '---', 'title: One', '---', '',
      '![up](../../../../etc/passwd)',
      '![absolute](/etc/passwd)',
      '![file URL](file:///etc/passwd)',
      '![linked](images/link.png)',
      `![remote](${net}/markdown.png)`,
      '',
      '[a link up](../../../../etc/passwd)',
      '',
      'Charts: see the directives brief.',
      '',
      'And another paragraph.',
      '',
      `<img src="${net}/raw.png" alt="">`,
      '',
      `<link rel="stylesheet" href="${net}/raw.css">`,
      '',
      `<span style="background: url(${net}/inline.png)">x</span>`,
      '',
      `<iframe src="${net}/frame.html"></iframe>`,
      '',
      `<video poster="${net}/poster.png"></video>`,
      '',
      '<script>fetch("/etc/passwd")</script>',
      '',
      `<style>@import url(${net}/style.css);</style>`,
      '',
    ].join('\n'),
    // directives: checked once the chapter's markdown is clean (data is bound only into sound sources)
    'content/directives/brief.yaml': BRIEF('one.md', 'datasets:\n  wells: data/wells.csv\n'),
    'content/directives/chapters/one.md': '---\ntitle: One\n---\n\n::chart{spec=../../../../etc/passwd data=wells alt="x"}\n\n::chart{spec=/etc/passwd data=wells alt="x"}\n\n::chart{spec=charts/remote.vl.json data=wells alt="x"}\n',
    'content/directives/charts/remote.vl.json': JSON.stringify({ data: { url: `${net}/data.csv` }, mark: 'bar', encoding: { x: { field: 'name', type: 'nominal' } } }),
    'content/content/templates/extra.css': `@import url(${net}/template.css);\nbody { background: url(file:///etc/passwd); }\n@font-face { font-family: Leak; src: url(${net}/font.woff2); }\n`,
    'content/content/templates/colophon.hbs': `<footer><link rel="stylesheet" href="${net}/partial.css"><img src="${net}/partial.png"></footer>\n`,
    'data/wells.csv': 'name,depth\nNorth,12\n',
  });
  // an image that is a symlink pointing out of the project
  makeDir(path.join(root, 'content/content/images'));
  symlinkSync('/etc/hostname', path.join(root, 'content/content/images/link.png'));
  roots.push(root);
  return root;
}

function makeDir(dir: string) {
  mkdirSync(dir, { recursive: true });
}

describe('sandbox', () => {
  it('brief check reports every escape, located', async () => {
    const root = project();
    hits = [];
    const { code, err } = await runCli(['--root', root, 'check', 'yaml', 'content', 'directives']);
    expect(code).toBe(1);
    const lines = err.split('\n').filter((l) => /^\S+:\d+:\d+: (error|warning) /.test(l));
    const has = (file: string, rule: string, text = '') => expect(lines.some((l) => l.startsWith(file) && l.endsWith(`[${rule}]`) && l.includes(text)), `${file} ${rule} ${text}\n${lines.join('\n')}`).toBe(true);
    // brief.yaml
    has('content/yaml/brief.yaml:3:', 'path-escape', '../../../outside.md');
    has('content/yaml/brief.yaml:3:', 'path-absolute', '/etc/hostname');
    has('content/yaml/brief.yaml:5:', 'path-escape', '../outside.csv');
    has('content/yaml/brief.yaml:6:', 'path-absolute', '/etc/passwd');
    // chapters: images, links, directives, raw HTML
    const ch = 'content/content/chapters/one.md';
    has(`${ch}:5:1`, 'path-escape', '../../../../etc/passwd');
    has(`${ch}:6:1`, 'path-absolute', '/etc/passwd');
    has(`${ch}:7:1`, 'path-absolute', 'file:///etc/passwd');
    has(`${ch}:8:1`, 'path-escape', 'images/link.png'); // the symlink
    has(`${ch}:9:1`, 'remote-resource', `${net}/markdown.png`);
    has(`${ch}:11:1`, 'path-escape', '../../../../etc/passwd');
    has('content/directives/chapters/one.md:5:1', 'path-escape', '../../../../etc/passwd');
    has('content/directives/chapters/one.md:7:1', 'path-absolute', '/etc/passwd');
    has('content/directives/charts/remote.vl.json', 'chart-spec-invalid', 'remove "data"');
    has(`${ch}:17:1`, 'remote-resource', `${net}/raw.png`);
    has(`${ch}:19:1`, 'html-removed', '<link>');
    has(`${ch}:21:1`, 'html-removed', 'style with url()');
    has(`${ch}:23:1`, 'html-removed', '<iframe>');
    has(`${ch}:25:1`, 'remote-resource', `${net}/poster.png`);
    has(`${ch}:27:1`, 'html-removed', '<script>');
    has(`${ch}:29:1`, 'html-removed', '<style>');
    // the brief's template overrides
    has('content/content/templates/extra.css:1:1', 'css-import', `${net}/template.css`);
    has('content/content/templates/extra.css:2:', 'path-absolute', 'file:///etc/passwd');
    has('content/content/templates/extra.css:3:', 'remote-resource', `${net}/font.woff2`);
    has('content/content/templates/colophon.hbs:1:', 'css-import', `${net}/partial.css`);
    has('content/content/templates/colophon.hbs:1:', 'remote-resource', `${net}/partial.png`);
    expect(hits).toEqual([]);
  });

  it('brief build stops at the check: no browser, nothing written, no request', async () => {
    const root = project();
    hits = [];
    const { code } = await runCli(['--root', root, 'build', 'content']);
    expect(code).toBe(1);
    expect(existsSync(path.join(root, 'output'))).toBe(false); // the printer (and its browser) never opened
    expect(hits).toEqual([]);
  });

  it('the print sandbox refuses what reaches the renderer anyway; zero requests leave the machine', async () => {
    // A clean brief passes the check; then its template overrides are swapped for hostile ones.
    const root = makeProject({
      'content/clean/brief.yaml': BRIEF('one.md'),
      'content/clean/chapters/one.md': '---\ntitle: One\n---\n\nThe clean text of the brief.\n',
    });
    roots.push(root);
    const p = await prepare(pipelineContext(root), { name: 'clean' });
    const urls = {
      importCss: `${net}/template.css`,
      font: `${net}/font.woff2`,
      background: `${net}/background.png`,
      partialCss: `${net}/partial.css`,
      partialImg: `${net}/partial.png`,
      passwd: 'file:///etc/passwd',
    };
    const css = `@import url(${urls.importCss});\n@font-face { font-family: Leak; src: url(${urls.font}); }\nh1 { font-family: Leak; }\nbody { background: url(${urls.background}); }\nmain { background-image: url(${urls.passwd}); }\n`;
    const partial = `<footer><link rel="stylesheet" href="${urls.partialCss}"><img src="${urls.partialImg}" alt=""></footer>\n`;
    makeDir(path.join(root, 'content/clean/templates'));
    writeFileSync(path.join(root, 'content/clean/templates/extra.css'), css);
    writeFileSync(path.join(root, 'content/clean/templates/colophon.hbs'), partial);
    // The render guard refuses such a page before any browser sees it…
    await expect(renderBrief(p)).rejects.toMatchObject({ diagnostic: { rule: 'html-unsafe' } });
    // …so the sandbox is tried on hand-made HTML: the clean page without its CSP (which would block
    // the loads before they became requests) and with the hostile CSS and markup put back in.
    rmSync(path.join(root, 'content/clean/templates'), { recursive: true });
    const clean = (await renderBrief(p)).doc.printHtml;
    const printHtml = clean.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</style>', `${css}</style>`).replace('</main>', `${partial}</main>`);
    const doc = { printHtml };
    const printer = await openPrinter({ allowedRoots: [root, ...fontDirs()] });
    hits = [];
    try {
      const r = await printer.print({ html: doc.printHtml, name: 'clean-1.0.pdf', options: { title: 'x', authors: [], subject: 'x', keywords: [], language: 'en', date: new Date(0), allowedRoots: [root, ...fontDirs()] } });
      // Each refused load is a warning an author reads (printDocument turns them so for every caller).
      expect(diagnosticLines(printWarnings({ brief: p.brief, document: 'clean-1.0.pdf', result: r }))).toContain(`content/clean/brief.yaml:1:1: warning the renderer refused ${urls.passwd} [request-blocked]`);
      // An @import after other rules is dropped by CSS itself; everything else was tried and refused.
      for (const url of Object.values(urls).filter((u) => u !== urls.importCss)) expect(r.refused, url).toContain(url);
      const network = r.refused.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
      expect(printer.stats.networkRequests).toBe(network.length); // every network request was refused…
      expect(hits).toEqual([]); // …and none reached the (stand-in) network
      const text = (await readPdf(r.pdf)).pages.join('\n');
      expect(text).toContain('The clean text of the brief.');
      expect(text).not.toMatch(/root:x:0:0/);
    } finally {
      await printer.close();
    }
  });
});
