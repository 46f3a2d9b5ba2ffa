// brief dev rebuilds only what a save invalidates and leaves the print HTML for /pdf: after edits,
// its page must still be what a full build gives — the same markup as the HTML edition (the fonts
// linked from the server instead of inlined) and, when /pdf asks, the same print HTML.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../scripts/dev/server.ts';
import { pipelineContext, prepare, renderBrief } from '../../scripts/pipeline.ts';
import { removeProject } from '../helpers/project.ts';
import { fetchText } from './sse.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
let root = '';
let server: DevServer;

/** The @font-face rules of a page, and the page without them. */
function splitFonts(html: string): { faces: string[]; rest: string } {
  const faces: string[] = [];
  const rest = html.replace(/@font-face\{[^}]*\}\n?/g, (rule) => {
    faces.push(rule.replace(/src:url\([^)]*\) format\('woff2'\);/, '').trim());
    return '';
  });
  return { faces, rest };
}

/** Saves a chapter and waits for the rebuild it causes. */
async function save(file: string, text: string) {
  const rebuilt = server.nextRebuild();
  writeFileSync(path.join(root, file), text);
  const r = await rebuilt;
  await server.idle();
  expect(r.ok).toBe(true);
  return r;
}

/** What `brief build --html` would make from the files as they are now. */
async function fullBuild() {
  const p = await prepare(pipelineContext(root), { name: '110-overseas' });
  return (await renderBrief(p)).doc;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'briefkit-dev-incremental-'));
  cpSync(path.join(REPO, 'content/110-overseas'), path.join(root, 'content/110-overseas'), { recursive: true });
  cpSync(path.join(REPO, 'data'), path.join(root, 'data'), { recursive: true });
  if (existsSync(path.join(REPO, '.cache'))) cpSync(path.join(REPO, '.cache'), path.join(root, '.cache'), { recursive: true });
  server = await startDevServer({ root, name: '110-overseas', port: 0, log: () => undefined, openPrinter: () => Promise.reject(new Error('no PDF here')) });
});

afterAll(async () => {
  await server?.close();
  if (root) removeProject(root);
});

describe('brief dev after chapter edits', () => {
  it('serves the same page and print HTML as a full build, with renumbered notes', async () => {
    const first = 'content/110-overseas/chapters/introduction.md';
    const later = 'content/110-overseas/chapters/stations.md';
    const intro = readFileSync(path.join(root, first), 'utf8');
    // A new footnote in the first chapter renumbers every later one; the later chapter is not re-parsed.
    await save(first, `${intro}\nA sentence the author adds.[^added]\n\n[^added]: A note added while previewing.\n`);
    const r = await save(later, `${readFileSync(path.join(root, later), 'utf8')}\nAnother sentence, in a later chapter.\n`);
    expect(r.scope).toBe(`chapter ${later}`);

    const full = await fullBuild();
    const dev = server.session.good!;
    expect(dev.doc.html).toContain('A note added while previewing.');
    const ours = splitFonts(dev.doc.html);
    const theirs = splitFonts(full.html);
    expect(ours.rest).toBe(theirs.rest);
    expect(ours.faces).toEqual(theirs.faces);
    expect(await server.session.printHtml(dev)).toBe(full.printHtml);
  });

  it('links its fonts from the server, and serves no other file there', async () => {
    const page = (await fetchText(server.url)).body.toString('utf8');
    expect(page).not.toContain('data:font/woff2');
    const urls = [...page.matchAll(/src:url\("(\/__brief\/fonts\/[^"]+)"\)/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    const font = await fetchText(new URL(urls[0], server.url).href);
    expect(font.status).toBe(200);
    expect(font.body.subarray(0, 4).toString('latin1')).toBe('wOF2');
    for (const other of ['/__brief/fonts/package.json', '/__brief/fonts/..%2F..%2Fpackage.json', '/__brief/fonts/']) {
      expect((await fetchText(new URL(other, server.url).href)).status).toBe(404);
    }
  });
});
