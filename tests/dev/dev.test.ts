// brief dev: a running preview server edits a chapter and sees the reload event and the new text;
// an edit that breaks the brief shows the overlay with the message and keeps the last good page.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../scripts/dev/server.ts';
import { openPrinter } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { briefYaml, makeProject, removeProject } from '../helpers/project.ts';
import { connect, fetchText, type SseClient } from './sse.ts';

const BRIEF = briefYaml({ title: 'Freedonia Water Report', chapters: ['one.md', 'two.md'], datasets: { wells: 'data/wells.csv' } });
const ONE = `---
title: Wells of Freedonia
---

Freedonia has {{count wells}} wells.[^survey]

::table{data=wells caption="Wells" #tbl-wells}

[^survey]: Freedonia Water Board, *Annual Survey*, 2023.
`;
const TWO = (text: string) => `---
title: Sylvania
---

${text}[^trade]

[^trade]: Trade figures, 2023.
`;

let root: string;
let server: DevServer;
let sse: SseClient;
const log: string[] = [];
const two = () => path.join(root, 'content/demo/chapters/two.md');
const page = async () => (await fetchText(server.url)).body.toString('utf8');

/** Saves a file and waits until the server has rebuilt from it and rechecked every save. */
async function save(file: string, text: string): Promise<void> {
  sse.skip();
  const rebuilt = server.nextRebuild();
  writeFileSync(file, text);
  await rebuilt;
  await server.idle();
}

beforeAll(async () => {
  root = makeProject({
    'content/demo/brief.yaml': BRIEF,
    'content/demo/chapters/one.md': ONE,
    'content/demo/chapters/two.md': TWO('Sylvania buys water from Freedonia.'),
    'data/wells.csv': 'name,depth\nNorth,12\nSouth,30\n',
  });
  server = await startDevServer({ root, name: 'demo', port: 0, log: (s) => log.push(s), openPrinter: () => openPrinter({ allowedRoots: [root, ...fontDirs()] }) });
  sse = await connect(`${server.url}__brief/events`);
});

afterAll(async () => {
  sse?.close();
  await server?.close();
  if (root) removeProject(root);
});

describe('brief dev', () => {
  it('serves the HTML edition on 127.0.0.1 with the live-reload client', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await page();
    expect(html).toContain('Sylvania buys water from Freedonia.');
    expect(html).toContain('Freedonia has 2 wells.');
    expect(html).toContain('new EventSource("/__brief/events")');
    expect(html).not.toContain('brief-dev-overlay"'); // no errors, no overlay
  });

  it('reloads with the new text after a chapter is saved, re-parsing only that chapter', async () => {
    const t0 = performance.now();
    await save(two(), TWO('Sylvania now buys twice as much water.'));
    const reload = await sse.next('reload');
    const latency = reload.at - t0;
    const html = await page();
    expect(html).toContain('Sylvania now buys twice as much water.');
    expect(html).not.toContain('Sylvania buys water from Freedonia.');
    expect(log.some((l) => /^rebuilt chapter content\/demo\/chapters\/two\.md in [\d.]+ ms$/.test(l))).toBe(true);
    console.log(`dev: save → reload event ${latency.toFixed(0)} ms (${log.filter((l) => l.startsWith('rebuilt')).at(-1)})`);
  });

  it('shows an error as an overlay, in the page and in the terminal, and keeps the last good page', async () => {
    await save(two(), TWO('Sylvania cites a note nobody wrote.[^nope]'));
    const problems = await sse.next('problems');
    const message = 'content/demo/chapters/two.md:5:36: error footnote [^nope] is referenced but never defined [footnote-undefined]';
    expect(problems.data.diagnostics.map((d: { text: string }) => d.text.split('\n')[0])).toEqual([message]);
    expect(log).toContain(`${message}\n  add a definition "[^nope]: …" in any chapter, or fix the label`);
    const html = await page();
    expect(html).toContain('id="brief-dev-overlay"');
    expect(html).toContain('footnote [^nope] is referenced but never defined');
    expect(html).toContain('Sylvania now buys twice as much water.'); // the last good page
    // A new page load hears about the errors at once.
    const late = await connect(`${server.url}__brief/events`);
    try {
      expect((await late.next('problems')).data.diagnostics).toHaveLength(1);
    } finally {
      late.close();
    }
  });

  it('recovers when the error is fixed', async () => {
    await save(two(), TWO('Sylvania fixed its note.'));
    await sse.next('reload');
    const html = await page();
    expect(html).toContain('Sylvania fixed its note.');
    expect(html).not.toContain('id="brief-dev-overlay"');
  });

  it('rebinds the data when a dataset changes', async () => {
    await save(path.join(root, 'data/wells.csv'), 'name,depth\nNorth,12\nSouth,30\nEast,7\n');
    await sse.next('reload');
    expect(await page()).toContain('Freedonia has 3 wells.');
  });

  it('prints the current PDF on /pdf', async () => {
    const r = await fetchText(`${server.url}pdf`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.body.subarray(0, 5).toString()).toBe('%PDF-');
    const { readPdf } = await import('../helpers/pdf.ts');
    expect((await readPdf(r.body)).pages.join('\n')).toContain('Sylvania fixed its note.');
  });

  it('answers only to local host names and leaves built outputs untouched', async () => {
    expect((await fetchText(server.url, { host: 'evil.example:80' })).status).toBe(403);
    expect((await fetchText(`${server.url}../../etc/passwd`)).status).toBe(404);
    // The client script lives in the served page only.
    expect(server.session.good!.doc.html).not.toContain('EventSource');
  });
});
